import type { MikroORM } from '@mikro-orm/postgresql';
import { AsnConvert } from '@peculiar/asn1-schema';
import { CRLNumber, CRLReasons, id_ce_cRLNumber } from '@peculiar/asn1-x509';
import { X509Crl } from '@peculiar/x509';
import type { Certificate } from '../certificates/certificate.entity';
import { type PkiServer, startPkiServer } from '../testing/pki-server';
import { commandExists } from '../testing/softhsm-token';
import { openTestDatabase } from '../testing/test-database';
import { fileSet, pem, run, subscriberRequest } from '../testing/test-pki';

const hasOpenssl = commandExists('openssl');
if (!hasOpenssl) console.warn('openssl is not installed: skipping the OpenSSL CRL checks (CT-5)');
const withOpenssl = hasOpenssl ? it : it.skip;

function numberOf(crl: X509Crl): number {
  const extension = crl.getExtension(id_ce_cRLNumber);
  return extension ? AsnConvert.parse(extension.value, CRLNumber).value : 0;
}

function entryOf(crl: X509Crl, certificate: Certificate) {
  const magnitude = (hex: string) => hex.toLowerCase().replace(/^0+/, '');
  return crl.entries.find((entry) => magnitude(entry.serialNumber) === magnitude(certificate.serialNumber));
}

describe('CRL publication (CT-5)', () => {
  let orm: MikroORM;
  let server: PkiServer;
  let root: Buffer;
  let issuing: Buffer;

  beforeAll(async () => {
    orm = await openTestDatabase();
    server = await startPkiServer(orm);
    root = (await server.pki.hierarchy.authority('root'))?.entity.certificateDer as Buffer;
    issuing = (await server.pki.hierarchy.issuing()).entity.certificateDer;
  });
  afterAll(async () => {
    await server.close();
    await orm.close();
  });

  const issue = async () =>
    server.pki.issuer.issue({
      kind: 'organization',
      usage: 'signing',
      subject: 'CN=Unit A,O=Tessera Test',
      csr: (await subscriberRequest()).csr,
    });

  async function fetchCrl(name: string): Promise<Buffer> {
    const response = await fetch(`${server.baseUrl}/pki/crl/${name}.crl`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pkix-crl');
    return Buffer.from(await response.arrayBuffer());
  }

  /** `openssl verify -crl_check_all` of the leaf, with both CRLs as served over HTTP. */
  async function verifyWithCrl(leaf: Certificate) {
    const files = fileSet({
      'root.pem': pem(root, 'CERTIFICATE'),
      'issuing.pem': pem(issuing, 'CERTIFICATE'),
      'leaf.pem': pem(leaf.der as Buffer, 'CERTIFICATE'),
      'crls.pem': pem(await fetchCrl('issuing'), 'X509 CRL') + pem(await fetchCrl('root'), 'X509 CRL'),
    });
    try {
      return await run('openssl', [
        'verify',
        '-crl_check_all',
        '-CAfile',
        files.path('root.pem'),
        '-untrusted',
        files.path('issuing.pem'),
        '-CRLfile',
        files.path('crls.pem'),
        files.path('leaf.pem'),
      ]);
    } finally {
      files.remove();
    }
  }

  it('CT-5: the CRL is served at the URL the certificates carry, signed by the issuing CA', async () => {
    const leaf = await issue();
    expect((leaf.der as Buffer).includes(Buffer.from(`${server.baseUrl}/pki/crl/issuing.crl`))).toBe(true);
    const crl = new X509Crl(await fetchCrl('issuing'));
    expect(await crl.verify({ publicKey: (await server.pki.hierarchy.issuing()).certificate.publicKey })).toBe(true);
    expect(crl.nextUpdate && crl.nextUpdate.getTime() - crl.thisUpdate.getTime()).toBe(24 * 60 * 60 * 1000);
    expect((await fetch(`${server.baseUrl}/pki/crl/nobody.crl`)).status).toBe(404);
  });

  it('CT-4: the CA certificates are published at the caIssuers URL', async () => {
    const response = await fetch(`${server.baseUrl}/pki/ca/issuing.crt`);
    expect(response.headers.get('content-type')).toBe('application/pkix-cert');
    expect(Buffer.from(await response.arrayBuffer()).equals(issuing)).toBe(true);
    expect(Buffer.from(await (await fetch(`${server.baseUrl}/pki/ca/root.crt`)).arrayBuffer()).equals(root)).toBe(true);
    expect((await fetch(`${server.baseUrl}/pki/ca/other.crt`)).status).toBe(404);
  });

  withOpenssl('CT-5: openssl crl -verify accepts the CRL of each CA', async () => {
    const files = fileSet({
      'root.pem': pem(root, 'CERTIFICATE'),
      'issuing.pem': pem(issuing, 'CERTIFICATE'),
      'issuing.crl': await fetchCrl('issuing'),
      'root.crl': await fetchCrl('root'),
    });
    try {
      const issuingCrl = await run('openssl', [
        'crl',
        '-inform',
        'DER',
        '-in',
        files.path('issuing.crl'),
        '-CAfile',
        files.path('issuing.pem'),
        '-noout',
        '-verify',
      ]);
      expect(issuingCrl.output).toContain('verify OK');
      const rootCrl = await run('openssl', [
        'crl',
        '-inform',
        'DER',
        '-in',
        files.path('root.crl'),
        '-CAfile',
        files.path('root.pem'),
        '-noout',
        '-verify',
      ]);
      expect(rootCrl.output).toContain('verify OK');
    } finally {
      files.remove();
    }
  });

  withOpenssl('CT-5 RA-4 RA-5: openssl verify -crl_check: good, then on hold, released, then revoked', async () => {
    const leaf = await issue();
    const good = await verifyWithCrl(leaf);
    expect(good.output).toContain(': OK');
    expect(good.status).toBe(0);

    await server.pki.revocation.suspend(leaf.id, 'clerk');
    const held = await verifyWithCrl(leaf);
    expect(held.status).not.toBe(0);
    expect(held.output).toContain('certificate revoked');

    await server.pki.revocation.release(leaf.id, 'clerk');
    expect((await verifyWithCrl(leaf)).status).toBe(0);

    await server.pki.revocation.revoke(leaf.id, 'keyCompromise', 'clerk');
    const revoked = await verifyWithCrl(leaf);
    expect(revoked.status).not.toBe(0);
    expect(revoked.output).toContain('certificate revoked');
  });

  it('CT-5: every status change publishes a CRL with a higher number, listing reasons', async () => {
    const first = new X509Crl(await fetchCrl('issuing'));
    const leaf = await issue();
    await server.pki.revocation.suspend(leaf.id, 'clerk');
    const second = new X509Crl(await fetchCrl('issuing'));
    expect(numberOf(second)).toBeGreaterThan(numberOf(first));
    expect(entryOf(second, leaf)?.reason).toBe(CRLReasons.certificateHold);
    await server.pki.revocation.revoke(leaf.id, 'affiliationChanged', 'clerk');
    const third = new X509Crl(await fetchCrl('issuing'));
    expect(numberOf(third)).toBeGreaterThan(numberOf(second));
    expect(entryOf(third, leaf)?.reason).toBe(CRLReasons.affiliationChanged);
  });

  it('CT-5: requests made while a CRL is pending are folded into it', async () => {
    const before = (await server.pki.crls.current('issuing')).number;
    const requests = Array.from({ length: 10 }, () => server.pki.crls.request('issuing'));
    expect(new Set(requests).size).toBe(1);
    await Promise.all(requests);
    expect((await server.pki.crls.current('issuing')).number).toBe(before + 1);
  });

  it('CT-5: a burst of revocations is published in the background in fewer CRLs, the last listing all', async () => {
    const leaves = await Promise.all(Array.from({ length: 12 }, issue));
    const before = numberOf(new X509Crl(await fetchCrl('issuing')));
    await Promise.all(leaves.map((leaf) => server.pki.revocation.revoke(leaf.id, 'superseded', 'clerk')));
    await server.pki.crls.settled('issuing');
    const after = new X509Crl(await fetchCrl('issuing'));
    expect(numberOf(after) - before).toBeLessThan(leaves.length);
    for (const leaf of leaves) expect(entryOf(after, leaf)?.reason).toBe(CRLReasons.superseded);
  });

  it('CT-5: a CRL is republished before nextUpdate without any status change', async () => {
    let now = new Date();
    const timed = await startPkiServer(orm, { clock: () => now });
    try {
      const before = await timed.pki.crls.current('issuing');
      expect((await timed.pki.crls.current('issuing')).number).toBe(before.number);
      now = new Date(before.nextUpdate.getTime() - 5 * 60 * 60 * 1000);
      const after = await timed.pki.crls.current('issuing');
      expect(after.number).toBe(before.number + 1);
      expect(after.nextUpdate.getTime()).toBeGreaterThan(before.nextUpdate.getTime());
    } finally {
      await timed.close();
    }
  });
});
