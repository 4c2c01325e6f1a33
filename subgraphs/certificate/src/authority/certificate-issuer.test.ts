import type { MikroORM } from '@mikro-orm/postgresql';
import {
  AuthorityInfoAccessExtension,
  BasicConstraintsExtension,
  CertificatePolicyExtension,
  CRLDistributionPointsExtension,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectAlternativeNameExtension,
  X509Certificate,
} from '@peculiar/x509';
import type { KeyBackend } from '../keys/key-backend';
import { createPki, type Pki } from '../pki';
import { defaultPolicyArc, eku } from '../profiles/certificate-profile';
import { keyBackendFixtures } from '../testing/key-backends';
import { commandExists } from '../testing/softhsm-token';
import { openTestDatabase } from '../testing/test-database';
import { fileSet, nssVerify, opensslVerify, pem, run, subscriberRequest } from '../testing/test-pki';

const hasOpenssl = commandExists('openssl');
const hasCerttool = commandExists('certtool');
const hasVfychain = commandExists('vfychain');
if (!hasVfychain) console.warn('vfychain (libnss3-tools) is not installed: skipping the NSS verification tests (CT-4)');
if (!hasOpenssl) console.warn('openssl is not installed: skipping the OpenSSL verification tests (CT-4)');
if (!hasCerttool) console.warn('certtool (gnutls-bin) is not installed: skipping the GnuTLS verification tests (CT-4)');

describe.each(keyBackendFixtures)('certificate issuance with $name keys', (fixture) => {
  const available = fixture.available();
  const test = available ? it : it.skip;
  let orm: MikroORM;
  let backend: KeyBackend;
  let closeBackend: () => Promise<void>;
  let pki: Pki;
  let root: Buffer;
  let issuing: Buffer;

  beforeAll(async () => {
    if (!available) return;
    orm = await openTestDatabase();
    ({ backend, close: closeBackend } = await fixture.open(orm));
    pki = createPki(orm.em, backend, { publicUrl: 'http://pki.tessera.test/' });
    await pki.hierarchy.ensure();
    root = (await pki.hierarchy.authority('root'))?.entity.certificateDer as Buffer;
    issuing = (await pki.hierarchy.issuing()).entity.certificateDer;
  });
  afterAll(async () => {
    await closeBackend?.();
    await orm?.close();
  });

  async function verifyWithTools(leaf: Buffer): Promise<void> {
    const files = fileSet({
      'root.pem': pem(root, 'CERTIFICATE'),
      'issuing.pem': pem(issuing, 'CERTIFICATE'),
      'leaf.pem': pem(leaf, 'CERTIFICATE'),
      'chain.pem': pem(leaf, 'CERTIFICATE') + pem(issuing, 'CERTIFICATE') + pem(root, 'CERTIFICATE'),
    });
    try {
      if (hasOpenssl) {
        const result = await run('openssl', [
          'verify',
          '-x509_strict',
          '-CAfile',
          files.path('root.pem'),
          '-untrusted',
          files.path('issuing.pem'),
          files.path('leaf.pem'),
        ]);
        expect(result.output).toContain(': OK');
        expect(result.status).toBe(0);
      }
      if (hasCerttool) {
        const result = await run('certtool', [
          '--verify-chain',
          '--verify-profile',
          'medium',
          '--infile',
          files.path('chain.pem'),
        ]);
        expect(result.output).toContain('Chain verification output: Verified');
        expect(result.status).toBe(0);
      }
    } finally {
      files.remove();
    }
  }

  /** A server certificate for si.example.cn's bureau, for the given DNS names (CT-1). */
  const issueServer = (csr: Buffer, dnsNames: string[]) =>
    pki.issuer.issue({ kind: 'server', usage: 'signing', subject: 'CN=si.example.cn,O=Bureau', csr, dnsNames });

  /** OpenSSL's verdict on `leaf` as a TLS server for `hostname`, under this hierarchy. */
  const opensslServerCheck = (leaf: Buffer, hostname: string) =>
    opensslVerify({ leaf, issuing, root }, 'sslserver', hostname);

  test('creates a root and an issuing CA once, idempotently, that OpenSSL accepts as a chain (CT-4)', async () => {
    await pki.hierarchy.ensure();
    const authorities = await pki.hierarchy.authorities();
    expect(authorities.map((a) => a.entity.role)).toEqual(['root', 'issuing']);
    const issuingCa = new X509Certificate(issuing);
    expect(issuingCa.getExtension(BasicConstraintsExtension)?.ca).toBe(true);
    expect(issuingCa.getExtension(BasicConstraintsExtension)?.pathLength).toBe(0);
    expect(issuingCa.getExtension(KeyUsagesExtension)?.usages).toBe(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign);
    if (hasOpenssl) {
      const files = fileSet({ 'root.pem': pem(root, 'CERTIFICATE'), 'issuing.pem': pem(issuing, 'CERTIFICATE') });
      expect(
        (await run('openssl', ['verify', '-x509_strict', '-CAfile', files.path('root.pem'), files.path('issuing.pem')]))
          .status,
      ).toBe(0);
      files.remove();
    }
  });

  test('CT-1 CT-4: a personal signing certificate from a verified CSR has the profile and validates with OpenSSL and GnuTLS', async () => {
    const { csr } = await subscriberRequest('CN=Mallory,O=Not Approved');
    const certificate = await pki.issuer.issue({
      kind: 'personal',
      usage: 'signing',
      subject: 'CN=张三,O=Tessera Test,C=CN',
      csr,
      holderUserId: undefined,
    });
    const parsed = new X509Certificate(certificate.der as Buffer);
    expect(parsed.subject).toContain('CN=张三');
    expect(parsed.subject).not.toContain('Mallory');
    expect(parsed.serialNumber.replace(/^0+/, '')).toBe(certificate.serialNumber.replace(/^0+/, ''));
    expect(certificate.serialNumber).toMatch(/^[0-9a-f]{32}$/);
    expect(parsed.getExtension(KeyUsagesExtension)?.usages).toBe(
      KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation,
    );
    expect(parsed.getExtension(KeyUsagesExtension)?.critical).toBe(true);
    expect(parsed.getExtension(ExtendedKeyUsageExtension)?.usages).toEqual([eku.clientAuth]);
    expect(parsed.getExtension(SubjectAlternativeNameExtension)).toBeNull();
    expect(parsed.getExtension(BasicConstraintsExtension)?.ca).toBe(false);
    expect(Buffer.from(parsed.getExtension(CertificatePolicyExtension)?.rawData ?? new ArrayBuffer(0))).toEqual(
      Buffer.from(new CertificatePolicyExtension([`${defaultPolicyArc}.1.1`]).rawData),
    );
    const crl =
      parsed.getExtension(CRLDistributionPointsExtension)?.distributionPoints[0]?.distributionPoint?.fullName?.[0];
    expect(crl?.uniformResourceIdentifier).toBe('http://pki.tessera.test/pki/crl/issuing.crl');
    const aia = parsed.getExtension(AuthorityInfoAccessExtension);
    expect(aia?.ocsp.map((n) => n.value)).toEqual(['http://pki.tessera.test/pki/ocsp']);
    expect(aia?.caIssuers.map((n) => n.value)).toEqual(['http://pki.tessera.test/pki/ca/issuing.crt']);
    await verifyWithTools(certificate.der as Buffer);
  });

  test('CT-1: emailProtection only with the mailbox in the SAN; without one the certificate leaves it out', async () => {
    const { csr } = await subscriberRequest();
    const withEmail = await pki.issuer.issue({
      kind: 'personal',
      usage: 'signing',
      subject: 'CN=张三,C=CN',
      csr,
      email: 'Zhang.San@Example.CN',
    });
    const parsed = new X509Certificate(withEmail.der as Buffer);
    expect(parsed.getExtension(ExtendedKeyUsageExtension)?.usages).toEqual([eku.clientAuth, eku.emailProtection]);
    expect(parsed.getExtension(SubjectAlternativeNameExtension)?.names.items).toMatchObject([
      { type: 'email', value: 'Zhang.San@example.cn' },
    ]);
    await verifyWithTools(withEmail.der as Buffer);
    const encryption = await pki.issuer.issue({
      kind: 'organization',
      usage: 'encryption',
      subject: 'CN=Unit',
      csr: (await subscriberRequest()).csr,
    });
    expect(new X509Certificate(encryption.der as Buffer).getExtension(ExtendedKeyUsageExtension)).toBeNull();
    if (hasOpenssl) {
      const smime = await opensslVerify({ leaf: withEmail.der as Buffer, issuing, root }, 'smimesign');
      expect(smime.status).toBe(0);
    }
    await expect(
      pki.issuer.issue({ kind: 'personal', usage: 'signing', subject: 'CN=x', csr, email: '张三@example.cn' }),
    ).rejects.toMatchObject({ code: 'SUBJECT_EMAIL_INVALID' });
    await expect(
      pki.issuer.issue({ kind: 'personal', usage: 'signing', subject: 'CN=x', csr, dnsNames: ['a.example.cn'] }),
    ).rejects.toMatchObject({ code: 'DNS_NAMES_NOT_ALLOWED' });
  });

  test('CT-1 CT-4: an RSA server certificate enciphers keys too, so NSS and OpenSSL accept it for TLS servers', async () => {
    const { csr } = await subscriberRequest('CN=ignored', 'RSA-2048');
    const server = await issueServer(csr, ['si.example.cn', 'Bücher.example.cn']);
    const parsed = new X509Certificate(server.der as Buffer);
    expect(parsed.getExtension(KeyUsagesExtension)?.usages).toBe(
      KeyUsageFlags.digitalSignature | KeyUsageFlags.keyEncipherment,
    );
    expect(parsed.getExtension(SubjectAlternativeNameExtension)?.names.items.map((n) => n.value)).toEqual([
      'si.example.cn',
      'xn--bcher-kva.example.cn',
    ]);
    expect(parsed.getExtension(ExtendedKeyUsageExtension)?.usages).not.toContain(eku.emailProtection);
    await verifyWithTools(server.der as Buffer);
    if (hasVfychain) {
      const nss = await nssVerify({ leaf: server.der as Buffer, issuing, root }, 1);
      expect(nss.output).toContain('Chain is good!');
      expect(nss.status).toBe(0);
    }
    if (hasOpenssl) expect((await opensslServerCheck(server.der as Buffer, 'si.example.cn')).status).toBe(0);
    await expect(
      pki.issuer.issue({ kind: 'server', usage: 'signing', subject: 'CN=x', csr, dnsNames: ['*.example.cn'] }),
    ).rejects.toMatchObject({ code: 'DNS_NAME_INVALID', extensions: { dnsName: '*.example.cn' } });
  });

  test('CT-1: an encryption certificate of an EC key agrees keys; of an RSA key it enciphers them', async () => {
    const ec = await pki.issuer.issue({
      kind: 'organization',
      usage: 'encryption',
      subject: 'CN=Unit,O=Tessera Test',
      csr: (await subscriberRequest()).csr,
    });
    expect(new X509Certificate(ec.der as Buffer).getExtension(KeyUsagesExtension)?.usages).toBe(
      KeyUsageFlags.keyAgreement,
    );
    const rsa = await pki.issuer.issue({
      kind: 'personal',
      usage: 'encryption',
      subject: 'CN=Li Si',
      csr: (await subscriberRequest('CN=x', 'RSA-2048')).csr,
    });
    expect(new X509Certificate(rsa.der as Buffer).getExtension(KeyUsagesExtension)?.usages).toBe(
      KeyUsageFlags.keyEncipherment | KeyUsageFlags.dataEncipherment,
    );
    await verifyWithTools(ec.der as Buffer);
    await verifyWithTools(rsa.der as Buffer);
  });

  test('CT-1: a server certificate carries its DNS names and serverAuth; without DNS names it is refused', async () => {
    const { csr } = await subscriberRequest();
    const server = await issueServer(csr, ['si.example.cn', 'www.si.example.cn']);
    const parsed = new X509Certificate(server.der as Buffer);
    expect(parsed.getExtension(SubjectAlternativeNameExtension)?.names.items.map((n) => n.value)).toEqual([
      'si.example.cn',
      'www.si.example.cn',
    ]);
    expect(parsed.getExtension(ExtendedKeyUsageExtension)?.usages).toContain(eku.serverAuth);
    await verifyWithTools(server.der as Buffer);
    if (hasOpenssl) expect((await opensslServerCheck(server.der as Buffer, 'www.si.example.cn')).status).toBe(0);
    await expect(pki.issuer.issue({ kind: 'server', usage: 'signing', subject: 'CN=x', csr })).rejects.toMatchObject({
      code: 'DNS_NAMES_REQUIRED',
    });
    await expect(
      pki.issuer.issue({ kind: 'server', usage: 'signing', subject: 'CN=x', csr, dnsNames: ['bad name'] }),
    ).rejects.toMatchObject({ code: 'DNS_NAME_INVALID' });
  });
});
