import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { MikroORM } from '@mikro-orm/postgresql';
import { id_pkix_ocsp_nonce, OCSPRequest } from '@peculiar/asn1-ocsp';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { Extension } from '@peculiar/asn1-x509';
import { X509Certificate } from '@peculiar/x509';
import type { Certificate } from '../certificates/certificate.entity';
import { eku } from '../profiles/certificate-profile';
import { type PkiServer, startPkiServer } from '../testing/pki-server';
import { commandExists } from '../testing/softhsm-token';
import { openTestDatabase } from '../testing/test-database';
import { fileSet, opensslOcspRequest, pem, run, subscriberRequest } from '../testing/test-pki';

const hasOpenssl = commandExists('openssl');
if (!hasOpenssl) console.warn('openssl is not installed: skipping the OCSP tests that use openssl ocsp (CT-5)');
const withOpenssl = hasOpenssl ? it : it.skip;

describe('OCSP responder (CT-5, RFC 6960)', () => {
  let orm: MikroORM;
  let server: PkiServer;
  let root: Buffer;
  let issuing: Buffer;

  /** How far the responder's clock is ahead of the real one. */
  let ahead = 0;

  beforeAll(async () => {
    orm = await openTestDatabase();
    server = await startPkiServer(orm, { clock: () => new Date(Date.now() + ahead) });
    root = (await server.pki.hierarchy.authority('root'))?.entity.certificateDer as Buffer;
    issuing = (await server.pki.hierarchy.issuing()).entity.certificateDer;
  });
  afterAll(async () => {
    await server.close();
    await orm.close();
  });

  const issue = async () =>
    server.pki.issuer.issue({
      kind: 'personal',
      usage: 'signing',
      subject: 'CN=Zhao Liu',
      csr: (await subscriberRequest()).csr,
    });

  /** `openssl ocsp` against the running route, with a nonce, verifying the response to the root. */
  async function ask(target: Certificate | { serial: string }) {
    const files = fileSet({
      'root.pem': pem(root, 'CERTIFICATE'),
      'issuing.pem': pem(issuing, 'CERTIFICATE'),
      'leaf.pem': 'serial' in target ? '' : pem(target.der as Buffer, 'CERTIFICATE'),
    });
    try {
      const subject = 'serial' in target ? ['-serial', target.serial] : ['-cert', files.path('leaf.pem')];
      return await run('openssl', [
        'ocsp',
        '-issuer',
        files.path('issuing.pem'),
        ...subject,
        '-url',
        `${server.baseUrl}/pki/ocsp`,
        '-CAfile',
        files.path('root.pem'),
        '-verify_other',
        files.path('issuing.pem'),
        '-resp_text',
      ]);
    } finally {
      files.remove();
    }
  }

  /** A nonce-less request about `leaf` made by `openssl ocsp -reqout`, given to `use` with scratch files to write to. */
  async function withRequest(
    leaf: Certificate,
    use: (request: Buffer, files: ReturnType<typeof fileSet>) => Promise<void>,
  ): Promise<void> {
    const files = fileSet({
      'issuing.pem': pem(issuing, 'CERTIFICATE'),
      'leaf.pem': pem(leaf.der as Buffer, 'CERTIFICATE'),
    });
    try {
      await use(await opensslOcspRequest(issuing, leaf.der as Buffer), files);
    } finally {
      files.remove();
    }
  }

  /** The GET form of a request: base64 in the path (RFC 5019 §5). */
  const getAnswer = (request: Buffer) =>
    fetch(`${server.baseUrl}/pki/ocsp/${encodeURIComponent(request.toString('base64'))}`);

  /** A POST whose body is no OCSP request. */
  const postGarbage = () =>
    fetch(`${server.baseUrl}/pki/ocsp`, {
      method: 'POST',
      headers: { 'content-type': 'application/ocsp-request' },
      body: Buffer.from('not ocsp'),
    });

  /** `openssl ocsp -resp_text` of a response, unverified. */
  async function readResponse(files: ReturnType<typeof fileSet>, response: Response): Promise<string> {
    writeFileSync(files.path('resp.der'), Buffer.from(await response.arrayBuffer()));
    return (await run('openssl', ['ocsp', '-respin', files.path('resp.der'), '-resp_text', '-noverify'])).output;
  }

  it('CT-5: answers with a delegated responder certificate (id-kp-OCSPSigning, ocsp-nocheck) issued by the issuing CA', async () => {
    const responder = await server.pki.hierarchy.responder();
    const certificate = new X509Certificate(responder.entity.certificateDer);
    expect(certificate.issuer).toBe(new X509Certificate(issuing).subject);
    expect(certificate.getExtension('2.5.29.37')).not.toBeNull();
    expect(certificate.getExtension('1.3.6.1.5.5.7.48.1.5')).not.toBeNull();
    expect(responder.entity.certificateDer.includes(Buffer.from('06082b06010505070309', 'hex'))).toBe(true); // OID of eku.ocspSigning
    expect(eku.ocspSigning).toBe('1.3.6.1.5.5.7.3.9');
  });

  withOpenssl(
    'CT-5: openssl ocsp says good for a certificate in use, with the nonce echoed and the response verified',
    async () => {
      const leaf = await issue();
      const answer = await ask(leaf);
      expect(answer.output).toContain('Response verify OK');
      expect(answer.output).toMatch(/leaf\.pem: good/);
      expect(answer.output).toContain('OCSP Nonce');
      expect(answer.output).not.toContain('WARNING: no nonce in response');
    },
  );

  withOpenssl(
    'CT-5 RA-5: a suspended certificate is revoked with reason certificateHold, and good again once released',
    async () => {
      const leaf = await issue();
      expect((await ask(leaf)).output).toMatch(/leaf\.pem: good/);
      await server.pki.revocation.suspend(leaf.id, 'clerk');
      const held = await ask(leaf);
      expect(held.output).toContain('Response verify OK');
      expect(held.output).toMatch(/leaf\.pem: revoked/);
      expect(held.output).toContain('Reason: certificateHold');
      await server.pki.revocation.release(leaf.id, 'clerk');
      expect((await ask(leaf)).output).toMatch(/leaf\.pem: good/);
    },
  );

  withOpenssl('CT-5 RA-4: a revoked certificate is revoked with its reason', async () => {
    const leaf = await issue();
    await server.pki.revocation.revoke(leaf.id, 'keyCompromise', 'clerk');
    const answer = await ask(leaf);
    expect(answer.output).toContain('Response verify OK');
    expect(answer.output).toMatch(/leaf\.pem: revoked/);
    expect(answer.output).toContain('Reason: keyCompromise');
  });

  withOpenssl('CT-5: a serial the CA never issued is unknown', async () => {
    const answer = await ask({ serial: '0x0123456789abcdef0123456789abcdef' });
    expect(answer.output).toContain('Response verify OK');
    expect(answer.output).toMatch(/: unknown/);
  });

  withOpenssl('CT-5: GET with the base64 request in the path gets the same answer as POST', async () => {
    const leaf = await issue();
    await server.pki.revocation.revoke(leaf.id, 'superseded', 'clerk');
    await withRequest(leaf, async (request, files) => {
      const response = await getAnswer(request);
      expect(response.headers.get('content-type')).toBe('application/ocsp-response');
      const parsed = await readResponse(files, response);
      expect(parsed).toContain('Cert Status: revoked');
      expect(parsed).toContain('Revocation Reason: superseded');
    });
  });

  withOpenssl('CT-5: a cached answer never outlives a status change', async () => {
    const leaf = await issue();
    await withRequest(leaf, async (request) => {
      const first = (await server.pki.ocsp.respond(request)).der;
      expect((await server.pki.ocsp.respond(request)).der.equals(first)).toBe(true);
      await server.pki.revocation.suspend(leaf.id, 'clerk');
      expect((await server.pki.ocsp.respond(request)).der.equals(first)).toBe(false);
    });
  });

  withOpenssl("CT-5: a request about another issuer's certificate is unauthorized (RFC 5019 §2.2.3)", async () => {
    const files = fileSet({});
    try {
      const made = await run('openssl', [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-subj',
        '/CN=Foreign CA',
        '-keyout',
        files.path('foreign.key'),
        '-out',
        files.path('foreign.pem'),
      ]);
      expect(made.status).toBe(0);
      const answer = await run('openssl', [
        'ocsp',
        '-issuer',
        files.path('foreign.pem'),
        '-serial',
        '0x01',
        '-url',
        `${server.baseUrl}/pki/ocsp`,
      ]);
      expect(answer.output).toContain('Responder Error: unauthorized (6)');
    } finally {
      files.remove();
    }
  });

  withOpenssl('CT-5: a GET answer may be cached until its nextUpdate and no longer (RFC 5019 §6)', async () => {
    const leaf = await issue();
    await withRequest(leaf, async (request, files) => {
      for (const asked of [0, 1]) {
        if (asked) await new Promise((resolve) => setTimeout(resolve, 1100));
        const response = await getAnswer(request);
        const answeredAt = Date.now();
        const parsed = await readResponse(files, response);
        const nextUpdate = Date.parse(/Next Update: (.+)/.exec(parsed)?.[1] ?? '');
        const maxAge = Number(/max-age=(\d+)/.exec(response.headers.get('cache-control') ?? '')?.[1]);
        expect(maxAge).toBeGreaterThan(0);
        expect(maxAge * 1000).toBeLessThanOrEqual(nextUpdate - answeredAt + 1000);
        expect(maxAge).toBeLessThanOrEqual(10 * 60 - asked);
      }
      const malformed = await postGarbage();
      expect(malformed.headers.get('cache-control')).toBe('no-store');
    });
  });

  it('answers garbage with malformedRequest instead of failing', async () => {
    const response = await postGarbage();
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).toString('hex')).toBe('30030a0101');
  });

  it('answers a GET whose path is no URL encoding with malformedRequest, never a 500', async () => {
    const response = await fetch(`${server.baseUrl}/pki/ocsp/%E0%A4%A`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(Buffer.from(await response.arrayBuffer()).toString('hex')).toBe('30030a0101');
  });

  withOpenssl(
    'the lean path sends the security headers, a strong ETag, and 304 to a GET with a matching If-None-Match',
    async () => {
      const leaf = await issue();
      await withRequest(leaf, async (request) => {
        const path = `${server.baseUrl}/pki/ocsp/${encodeURIComponent(request.toString('base64'))}`;
        const first = await fetch(path);
        const body = Buffer.from(await first.arrayBuffer());
        expect(first.headers.get('x-content-type-options')).toBe('nosniff');
        expect(first.headers.get('x-frame-options')).toBe('DENY');
        expect(first.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
        const etag = first.headers.get('etag') ?? '';
        expect(etag).toMatch(/^"[\w-]+"$/);
        const posted = await fetch(`${server.baseUrl}/pki/ocsp`, {
          method: 'POST',
          headers: { 'content-type': 'application/ocsp-request' },
          body: request,
        });
        expect(Buffer.from(await posted.arrayBuffer()).equals(body)).toBe(true);
        expect(posted.headers.get('etag')).toBe(etag);
        const again = await fetch(path, { headers: { 'if-none-match': etag } });
        expect(again.status).toBe(304);
        expect((await again.arrayBuffer()).byteLength).toBe(0);
        expect(again.headers.get('cache-control')).toMatch(/^max-age=\d+, public/);
      });
    },
  );

  withOpenssl(
    'a POST Express takes (a chunked body, no Content-Length) gets the same answer as the lean path',
    async () => {
      const leaf = await issue();
      await withRequest(leaf, async (request) => {
        const lean = Buffer.from((await server.pki.ocsp.respond(request)).der);
        const chunked = await fetch(`${server.baseUrl}/pki/ocsp`, {
          method: 'POST',
          headers: { 'content-type': 'application/ocsp-request' },
          body: new ReadableStream({
            start(controller) {
              controller.enqueue(request.subarray(0, 10));
              controller.enqueue(request.subarray(10));
              controller.close();
            },
          }),
          duplex: 'half',
        } as RequestInit);
        expect(chunked.status).toBe(200);
        expect(Buffer.from(await chunked.arrayBuffer()).equals(lean)).toBe(true);
      });
    },
  );

  withOpenssl(
    'CT-5: a status change forgets the pre-produced answers of that certificate only; the others are served as they were',
    async () => {
      const [kept, changed] = [await issue(), await issue()];
      await withRequest(kept, async (request) => {
        const before = (await server.pki.ocsp.respond(request)).der;
        await server.pki.revocation.suspend(changed.id, 'clerk');
        expect((await server.pki.ocsp.respond(request)).der.equals(before)).toBe(true);
        await server.pki.revocation.suspend(kept.id, 'clerk');
        expect((await server.pki.ocsp.respond(request)).statuses).toEqual(['revoked']);
      });
    },
  );

  withOpenssl(
    'CT-5: a pre-produced answer is produced afresh from halfway to its nextUpdate while still served, and never served after it',
    async () => {
      const leaf = await issue();
      try {
        await withRequest(leaf, async (request) => {
          const first = await server.pki.ocsp.respond(request);
          ahead = 6 * 60_000; // past halfway of the 10 minutes
          expect((await server.pki.ocsp.respond(request)).der.equals(first.der)).toBe(true);
          const deadline = Date.now() + 2_000;
          let refreshed = await server.pki.ocsp.respond(request);
          while (refreshed.der.equals(first.der) && Date.now() < deadline) {
            await new Promise((resolve) => setTimeout(resolve, 20));
            refreshed = await server.pki.ocsp.respond(request);
          }
          expect(refreshed.nextUpdate?.getTime()).toBeGreaterThan(first.nextUpdate?.getTime() ?? Infinity);

          ahead = 17 * 60_000; // past the refreshed answer's nextUpdate: produced again before it is served
          const late = await server.pki.ocsp.respond(request);
          expect(late.der.equals(refreshed.der)).toBe(false);
          expect(late.nextUpdate?.getTime()).toBeGreaterThan(Date.now() + ahead);
        });
      } finally {
        ahead = 0;
      }
    },
  );

  withOpenssl('CT-5: requests with a nonce are each signed for their requester, never shared', async () => {
    const leaf = await issue();
    const nonces = Array.from({ length: 4 }, () => randomBytes(16));
    const plain = AsnConvert.parse(await opensslOcspRequest(issuing, leaf.der as Buffer), OCSPRequest);
    const answers = await Promise.all(
      nonces.map((nonce) => {
        plain.tbsRequest.requestExtensions = [
          new Extension({
            extnID: id_pkix_ocsp_nonce,
            extnValue: new OctetString(AsnConvert.serialize(new OctetString(nonce))),
          }),
        ];
        return server.pki.ocsp.respond(Buffer.from(AsnConvert.serialize(plain)));
      }),
    );
    answers.forEach((answer, index) => {
      expect(answer.nonce).toBe(true);
      expect(answer.statuses).toEqual(['good']);
      expect(answer.der.includes(nonces[index] as Buffer)).toBe(true);
    });
  });

  withOpenssl(
    'CT-5: SHA-256 CertIDs and several certificates in one request are answered, each CertID echoed',
    async () => {
      const [first, second] = [await issue(), await issue()];
      await server.pki.revocation.revoke(second.id, 'keyCompromise', 'clerk');
      const files = fileSet({
        'issuing.pem': pem(issuing, 'CERTIFICATE'),
        'first.pem': pem(first.der as Buffer, 'CERTIFICATE'),
        'second.pem': pem(second.der as Buffer, 'CERTIFICATE'),
      });
      try {
        const made = await run('openssl', [
          'ocsp',
          '-issuer',
          files.path('issuing.pem'),
          '-sha256',
          '-cert',
          files.path('first.pem'),
          '-cert',
          files.path('second.pem'),
          '-no_nonce',
          '-reqout',
          files.path('req.der'),
        ]);
        expect(made.status).toBe(0);
        const response = await fetch(`${server.baseUrl}/pki/ocsp`, {
          method: 'POST',
          headers: { 'content-type': 'application/ocsp-request' },
          body: readFileSync(files.path('req.der')),
        });
        const text = await readResponse(files, response);
        expect(text.match(/Hash Algorithm: sha256/g)).toHaveLength(2);
        expect(text.match(/Cert Status: \w+/g)).toEqual(['Cert Status: good', 'Cert Status: revoked']);
      } finally {
        files.remove();
      }
    },
  );
});

describe('OCSP while the database is out of reach (CT-5)', () => {
  withOpenssl(
    'answers a request it has no kept answer for with tryLater or internalError, typed, never a hang',
    async () => {
      const orm = await openTestDatabase();
      const errors: unknown[] = [];
      const server = await startPkiServer(orm, { onError: (error) => errors.push(error) });
      try {
        const issuing = (await server.pki.hierarchy.issuing()).entity.certificateDer;
        const leaf = await server.pki.issuer.issue({
          kind: 'personal',
          usage: 'signing',
          subject: 'CN=Outage Holder',
          csr: (await subscriberRequest()).csr,
        });
        const request = await opensslOcspRequest(issuing, leaf.der as Buffer);
        await orm.close();
        const response = await fetch(`${server.baseUrl}/pki/ocsp`, {
          method: 'POST',
          headers: { 'content-type': 'application/ocsp-request' },
          body: request,
        });
        expect([500, 503]).toContain(response.status);
        expect(response.headers.get('content-type')).toBe('application/ocsp-response');
        expect(response.headers.get('cache-control')).toBe('no-store');
        // OCSPResponse { internalError(2) or tryLater(3) }
        expect(['30030a0102', '30030a0103']).toContain(Buffer.from(await response.arrayBuffer()).toString('hex'));
        expect(errors.length).toBeGreaterThan(0);
      } finally {
        await server.close();
        await orm.close();
      }
    },
  );
});
