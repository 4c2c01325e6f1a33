import { createHash } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { SignedData } from '@peculiar/asn1-cms';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { MessageImprint, TimeStampReq, TimeStampResp, TSTInfo } from '@peculiar/asn1-tsp';
import { AlgorithmIdentifier, Extension, Extensions } from '@peculiar/asn1-x509';
import { ExtendedKeyUsageExtension, KeyUsageFlags, KeyUsagesExtension, X509Certificate } from '@peculiar/x509';
import { failInfoNames, timeStampTokenOf, verifyTimeStampToken } from '@tessera/kit';
import { CertificateFactory } from '../authority/certificate-factory';
import { throwawaySigner } from '../authority/signer';
import type { KeyBackend, KeyReference } from '../keys/key-backend';
import { generatePrivateKey } from '../keys/private-key';
import { SoftwareKeyBackend } from '../keys/software/software-key-backend';
import { lintContent } from '../lint/certificate-lint';
import { defaultPolicyArc, timeStampingProfile } from '../profiles/certificate-profile';
import { keyBackendFixtures } from '../testing/key-backends';
import { type PkiServer, startPkiServer } from '../testing/pki-server';
import { commandExists } from '../testing/softhsm-token';
import { openTestDatabase } from '../testing/test-database';
import { fileSet, pem, run } from '../testing/test-pki';
import { generalizedTime } from './time-stamp-authority';
import { TsaCertificate } from './tsa-certificate.entity';

const hasOpenssl = commandExists('openssl');
if (!hasOpenssl) console.warn('openssl is not installed: skipping the time-stamping tests that use openssl ts');
const withOpenssl = hasOpenssl ? it : it.skip;

const tsaPolicy = `${defaultPolicyArc}.4.1`;

async function post(baseUrl: string, body: Buffer, contentType = 'application/timestamp-query') {
  const response = await fetch(`${baseUrl}/pki/tsa`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: new Uint8Array(body),
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    der: Buffer.from(await response.arrayBuffer()),
  };
}

/** The failure bits of a rejection, as the kit reads them (and openssl prints them). */
function rejectionOf(der: Buffer): { status: number; failures: string[] } {
  const reply = AsnConvert.parse(der, TimeStampResp);
  const failInfo = reply.status.failInfo;
  return {
    status: reply.status.status,
    failures: failInfo ? failInfoNames(Buffer.from(failInfo.value), failInfo.unusedBits) : [],
  };
}

function query(options: { algorithm?: string; digest?: Buffer; certReq?: boolean; nonce?: boolean } = {}): Buffer {
  return Buffer.from(
    AsnConvert.serialize(
      new TimeStampReq({
        messageImprint: new MessageImprint({
          hashAlgorithm: new AlgorithmIdentifier({ algorithm: options.algorithm ?? '2.16.840.1.101.3.4.2.1' }),
          hashedMessage: new OctetString(options.digest ?? createHash('sha256').update('data').digest()),
        }),
        certReq: options.certReq ?? true,
        nonce: options.nonce ? new Uint8Array([0x12, 0x34, 0x56]).buffer : undefined,
      }),
    ),
  );
}

describe.each(keyBackendFixtures)(
  'RFC 3161 time-stamping authority at /pki/tsa, TSA key in $name (issue 15)',
  (fixture) => {
    const available = fixture.available();
    if (!available) console.warn(`the ${fixture.name} key backend is not available: skipping its time-stamping tests`);
    const maybe = available && hasOpenssl ? it : it.skip;
    let orm: MikroORM;
    let server: PkiServer;
    let backend: KeyBackend;
    let closeBackend: () => Promise<void>;
    let root: Buffer;
    let issuing: Buffer;

    beforeAll(async () => {
      if (!available) return;
      orm = await openTestDatabase();
      ({ backend, close: closeBackend } = await fixture.open(orm));
      server = await startPkiServer(orm, {}, backend);
      root = (await server.pki.hierarchy.authority('root'))?.entity.certificateDer as Buffer;
      issuing = (await server.pki.hierarchy.issuing()).entity.certificateDer;
    });
    afterAll(async () => {
      if (!available) return;
      await server.close();
      await closeBackend();
      await orm.close();
    });

    /** `openssl ts -query` of a file, POSTed to the TSA, the reply checked with `openssl ts -verify`. */
    async function stampWithOpenssl(queryArgs: string[]) {
      const tsa = await server.pki.tsa.certificate();
      const files = fileSet({
        'data.txt': 'RA-14 operation log head',
        'ca.pem': pem(issuing, 'CERTIFICATE') + pem(root, 'CERTIFICATE'),
        'tsa.pem': pem(tsa, 'CERTIFICATE'),
      });
      try {
        const made = await run('openssl', [
          'ts',
          '-query',
          '-data',
          files.path('data.txt'),
          ...queryArgs,
          '-out',
          files.path('q.tsq'),
        ]);
        expect(made.status).toBe(0);
        const { readFileSync, writeFileSync } = await import('node:fs');
        const answer = await post(server.baseUrl, readFileSync(files.path('q.tsq')));
        expect(answer.status).toBe(200);
        expect(answer.type).toBe('application/timestamp-reply');
        writeFileSync(files.path('r.tsr'), answer.der);
        const verified = await run('openssl', [
          'ts',
          '-verify',
          '-in',
          files.path('r.tsr'),
          '-queryfile',
          files.path('q.tsq'),
          '-CAfile',
          files.path('ca.pem'),
          '-untrusted',
          files.path('tsa.pem'),
        ]);
        const text = await run('openssl', ['ts', '-reply', '-in', files.path('r.tsr'), '-text']);
        return { verified, text: text.output, der: answer.der };
      } finally {
        files.remove();
      }
    }

    maybe('answers openssl ts -query with a nonce and certReq, and openssl ts -verify accepts the reply', async () => {
      const { verified, text } = await stampWithOpenssl(['-sha256', '-cert', '-tspolicy', tsaPolicy]);
      expect(verified.output).toContain('Verification: OK');
      expect(text).toContain('Status: Granted.');
      expect(text).toContain(`Policy OID: ${tsaPolicy}`);
      expect(text).toMatch(/Nonce: 0x[0-9A-F]+/);
      expect(text).toContain('Accuracy: 0x01 seconds');
    });

    maybe('answers a request without a nonce and without certReq (SHA-512 imprint); the reply verifies', async () => {
      const { verified, text } = await stampWithOpenssl(['-sha512', '-no_nonce']);
      expect(verified.output).toContain('Verification: OK');
      expect(text).toContain('Nonce: unspecified');
      expect(text).toContain('Hash Algorithm: sha512');
    });

    maybe(
      'its certificate comes from the issuing CA: critical EKU timeStamping alone, digitalSignature + nonRepudiation, key in the backend',
      async () => {
        const certificate = new X509Certificate(await server.pki.tsa.certificate());
        const eku = certificate.getExtension(ExtendedKeyUsageExtension);
        expect(eku?.critical).toBe(true);
        expect(eku?.usages).toEqual(['1.3.6.1.5.5.7.3.8']);
        expect(certificate.getExtension(KeyUsagesExtension)?.usages).toBe(
          KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation,
        );
        expect(certificate.issuer).toBe(new X509Certificate(issuing).subject);
        const [row] = await orm.em.fork().find(TsaCertificate, {});
        expect(await backend.hasKey(row?.keyLabel as string)).toBe(true);
        expect(backend.kind).toBe(fixture.name);
      },
    );

    maybe('the kit verifies its tokens against the issuing CA', async () => {
      const data = Buffer.from('stamped');
      const digest = createHash('sha384').update(data).digest();
      const answer = await post(server.baseUrl, query({ algorithm: '2.16.840.1.101.3.4.2.2', digest, nonce: true }));
      const verified = verifyTimeStampToken(timeStampTokenOf(answer.der), { data, trustAnchors: [issuing] });
      expect(verified.policy).toBe(tsaPolicy);
      expect(verified.nonce).toBe('123456');
      expect(verified.imprint.algorithm).toBe('sha384');
      expect(Math.abs(verified.genTime.getTime() - Date.now())).toBeLessThan(60_000);
      expect(verified.tsaCertificate.equals(await server.pki.tsa.certificate())).toBe(true);
    });
  },
);

describe('time-stamping authority: rejections, serials, rollover (issue 15)', () => {
  let orm: MikroORM;
  let server: PkiServer;
  let issuing: Buffer;
  // A configured policy (TSA_POLICY_OID), short enough for asn1js to read back as text.
  const configuredPolicy = '1.2.156.99.4.1';

  beforeAll(async () => {
    orm = await openTestDatabase();
    server = await startPkiServer(orm, { tsaPolicy: configuredPolicy });
    issuing = (await server.pki.hierarchy.issuing()).entity.certificateDer;
  });
  afterAll(async () => {
    await server.close();
    await orm.close();
  });

  it('assembles DER that @peculiar/asn1-tsp and asn1-cms read back to the same bytes, under the configured policy', async () => {
    for (const request of [query({ nonce: true }), query({ certReq: false })]) {
      const reply = (await post(server.baseUrl, request)).der;
      const parsed = AsnConvert.parse(reply, TimeStampResp);
      expect(Buffer.from(AsnConvert.serialize(parsed)).equals(reply)).toBe(true);
      const signedData = AsnConvert.parse(parsed.timeStampToken?.content as ArrayBuffer, SignedData);
      expect(
        Buffer.from(AsnConvert.serialize(signedData)).equals(
          Buffer.from(parsed.timeStampToken?.content as ArrayBuffer),
        ),
      ).toBe(true);
      const info = AsnConvert.parse(signedData.encapContentInfo.eContent?.single?.buffer as ArrayBuffer, TSTInfo);
      expect(info.policy).toBe(configuredPolicy);
      expect(
        verifyTimeStampToken(timeStampTokenOf(reply), {
          data: Buffer.from('data'),
          trustAnchors: [issuing],
          tsaCertificates: [await server.pki.tsa.certificate()],
        }).policy,
      ).toBe(configuredPolicy);
    }
  });

  it('writes genTime as RFC 3161 asks: UTC, milliseconds without trailing zeros', () => {
    expect(generalizedTime(new Date('2026-12-05T09:00:43.390Z'))).toBe('20261205090043.39Z');
    expect(generalizedTime(new Date('2026-12-05T09:00:43.000Z'))).toBe('20261205090043Z');
    expect(generalizedTime(new Date('2026-12-05T09:00:43.007Z'))).toBe('20261205090043.007Z');
  });

  it('refuses another content type with badRequest (415), never a server error', async () => {
    const answer = await post(server.baseUrl, query(), 'application/octet-stream');
    expect(answer.status).toBe(415);
    expect(answer.type).toBe('application/timestamp-reply');
    expect(rejectionOf(answer.der)).toEqual({ status: 2, failures: ['badRequest'] });
  });

  it('refuses malformed DER, trailing bytes and an empty body with badDataFormat', async () => {
    for (const body of [Buffer.from('not der'), Buffer.concat([query(), Buffer.from([0])]), Buffer.alloc(0)]) {
      const answer = await post(server.baseUrl, body);
      expect(answer.status).toBe(200);
      expect(rejectionOf(answer.der)).toEqual({ status: 2, failures: ['badDataFormat'] });
    }
  });

  it('refuses an unknown hash (SHA-1, MD5) with badAlg and an imprint of the wrong length with badDataFormat', async () => {
    const sha1 = await post(server.baseUrl, query({ algorithm: '1.3.14.3.2.26', digest: Buffer.alloc(20, 1) }));
    expect(rejectionOf(sha1.der)).toEqual({ status: 2, failures: ['badAlg'] });
    const short = await post(server.baseUrl, query({ digest: Buffer.alloc(20, 1) }));
    expect(rejectionOf(short.der)).toEqual({ status: 2, failures: ['badDataFormat'] });
    expect(() => timeStampTokenOf(short.der)).toThrow(expect.objectContaining({ code: 'TIMESTAMP_REJECTED' }));
  });

  it('refuses a policy it does not offer with unacceptedPolicy, and an extension with unacceptedExtension', async () => {
    const request = AsnConvert.parse(query(), TimeStampReq);
    request.reqPolicy = '1.2.3.4';
    const other = await post(server.baseUrl, Buffer.from(AsnConvert.serialize(request)));
    expect(rejectionOf(other.der)).toEqual({ status: 2, failures: ['unacceptedPolicy'] });
    request.reqPolicy = undefined;
    request.extensions = new Extensions([new Extension({ extnID: '1.2.3.4', extnValue: new OctetString(2) })]);
    const extended = await post(server.baseUrl, Buffer.from(AsnConvert.serialize(request)));
    expect(rejectionOf(extended.der)).toEqual({ status: 2, failures: ['unacceptedExtension'] });
  });

  it('refuses a request over the size limit with badRequest (413)', async () => {
    const answer = await post(server.baseUrl, Buffer.alloc(64 * 1024, 0x30));
    expect(answer.status).toBe(413);
    expect(rejectionOf(answer.der)).toEqual({ status: 2, failures: ['badRequest'] });
  });

  const withOpensslText = withOpenssl;
  withOpensslText('openssl reads the rejection and its failure info', async () => {
    const answer = await post(server.baseUrl, query({ algorithm: '1.3.14.3.2.26', digest: Buffer.alloc(20, 1) }));
    const files = fileSet({ 'r.tsr': answer.der });
    try {
      const { output } = await run('openssl', ['ts', '-reply', '-in', files.path('r.tsr'), '-text']);
      expect(output).toContain('Status: Rejected.');
      expect(output).toContain('unrecognized or unsupported algorithm identifier');
    } finally {
      files.remove();
    }
  });

  it('numbers tokens with unique serials and SM3 imprints are stamped too', async () => {
    const serials = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const answer = await post(server.baseUrl, query());
      serials.add(
        verifyTimeStampToken(timeStampTokenOf(answer.der), { data: Buffer.from('data'), trustAnchors: [issuing] })
          .serialNumber,
      );
    }
    expect(serials.size).toBe(20);
    const sm3 = await post(
      server.baseUrl,
      query({ algorithm: '1.2.156.10197.1.401', digest: createHash('sm3').update('x').digest() }),
    );
    expect(
      verifyTimeStampToken(timeStampTokenOf(sm3.der), { data: Buffer.from('x'), trustAnchors: [issuing] }).imprint
        .algorithm,
    ).toBe('sm3');
  });

  it('a rollover gives the TSA a certificate from the new issuing CA; earlier tokens still verify', async () => {
    const before = timeStampTokenOf((await post(server.baseUrl, query())).der);
    const active = await server.pki.rollover(undefined, 'test');
    const after = timeStampTokenOf((await post(server.baseUrl, query())).der);
    const newIssuing = active.entity.certificateDer;
    const verified = verifyTimeStampToken(after, { data: Buffer.from('data'), trustAnchors: [newIssuing] });
    expect(new X509Certificate(verified.tsaCertificate).issuer).toBe(new X509Certificate(newIssuing).subject);
    const issuers = await server.pki.tsa.issuers();
    expect(issuers).toHaveLength(2);
    expect(
      verifyTimeStampToken(before, { data: Buffer.from('data'), trustAnchors: issuers }).tsaCertificate,
    ).toBeDefined();
    expect(await orm.em.fork().count(TsaCertificate, {})).toBe(2);
  });

  it('the lint refuses a TSA certificate whose extended key usage is not critical (RFC 3161 §2.3)', () => {
    const factory = new CertificateFactory(defaultPolicyArc);
    const order = {
      subject: 'CN=TSA',
      publicKey: generatePrivateKey('P-256').spki(),
      notBefore: new Date(),
      notAfter: new Date(Date.now() + 86_400_000),
    };
    const signer = { signer: throwawaySigner('P-256') };
    const lax = factory.draft(
      { ...order, profile: { ...timeStampingProfile, criticalExtendedKeyUsage: false } },
      signer,
    );
    expect(lintContent(lax.content, { profile: timeStampingProfile, policyArc: defaultPolicyArc })).toContainEqual({
      lint: 'e_extended_key_usage',
      problem: 'extendedKeyUsage not critical',
    });
    const strict = factory.draft({ ...order, profile: timeStampingProfile }, signer);
    expect(lintContent(strict.content, { profile: timeStampingProfile, policyArc: defaultPolicyArc })).toEqual([]);
  });
});

describe('time-stamping authority when its key cannot sign (issue 15)', () => {
  let orm: MikroORM;
  let server: PkiServer;
  let failing = false;
  const failures: unknown[] = [];

  beforeAll(async () => {
    orm = await openTestDatabase();
    const software = new SoftwareKeyBackend({ em: orm.em, keyEncryptionKey: Buffer.alloc(32, 9) });
    // The real backend, its TSA key made unusable on demand (an HSM session lost, say).
    const backend: KeyBackend = Object.assign(Object.create(software) as KeyBackend, {
      sign: (key: KeyReference, data: Buffer) =>
        failing && key.label.startsWith('tessera-tsa-')
          ? Promise.reject(new Error('CKR_DEVICE_ERROR'))
          : software.sign(key, data),
    });
    server = await startPkiServer(orm, { onError: (error) => failures.push(error) }, backend);
  });
  afterAll(async () => {
    await server.close();
    await orm.close();
  });

  it('answers systemFailure (503) with a reply, never a bare server error, and reports the failure', async () => {
    expect((await post(server.baseUrl, query())).status).toBe(200);
    failing = true;
    const answer = await post(server.baseUrl, query());
    expect(answer.status).toBe(503);
    expect(answer.type).toBe('application/timestamp-reply');
    expect(rejectionOf(answer.der)).toEqual({ status: 2, failures: ['systemFailure'] });
    expect(failures).toHaveLength(1);
  });
});
