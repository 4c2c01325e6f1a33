import { readFileSync, writeFileSync } from 'node:fs';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createKeyBackend } from '../keys/key-backend-settings';
import { type GraphHarness, startGraphHarness } from '../testing/graph-harness';
import { commandExists, softHsmAvailable, softHsmToken } from '../testing/softhsm-token';
import { openTestDatabase } from '../testing/test-database';
import { fileSet, pem, run, subscriberRequest } from '../testing/test-pki';
import { CertificateAuthority } from './certificate-authority.entity';

const hasOpenssl = commandExists('openssl');
if (!hasOpenssl) console.warn('openssl is not installed: skipping the CA import tests (CT-4)');
const withOpenssl = hasOpenssl ? describe : describe.skip;
const withSoftHsm = hasOpenssl && softHsmAvailable() ? it : it.skip;

/** A root and an issuing CA made by OpenSSL, as another CA product would have made them. */
async function opensslHierarchy() {
  const files = fileSet({
    'issuing.ext': [
      'basicConstraints=critical,CA:TRUE,pathlen:0',
      'keyUsage=critical,keyCertSign,cRLSign',
      'subjectKeyIdentifier=hash',
      'authorityKeyIdentifier=keyid',
    ].join('\n'),
  });
  const openssl = async (...args: string[]) => {
    const { status, output } = await run('openssl', args);
    if (status !== 0) throw new Error(`openssl ${args[0]} failed: ${output}`);
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  await openssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    files.path('root.key'),
    '-out',
    files.path('root.pem'),
    '-days',
    '7300',
    '-subj',
    '/CN=Elsewhere Root CA/O=Elsewhere',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  await openssl(
    'req',
    '-new',
    ...ec,
    '-keyout',
    files.path('issuing.key'),
    '-out',
    files.path('issuing.csr'),
    '-subj',
    '/CN=Elsewhere Issuing CA/O=Elsewhere',
  );
  await openssl(
    'x509',
    '-req',
    '-in',
    files.path('issuing.csr'),
    '-CA',
    files.path('root.pem'),
    '-CAkey',
    files.path('root.key'),
    '-set_serial',
    '0x1234567890abcdef',
    '-days',
    '3650',
    '-extfile',
    files.path('issuing.ext'),
    '-out',
    files.path('issuing.pem'),
  );
  await openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', files.path('other.key'));
  const chain = readFileSync(files.path('issuing.pem'), 'utf8') + readFileSync(files.path('root.pem'), 'utf8');
  writeFileSync(files.path('chain.pem'), chain);
  return files;
}

withOpenssl('CA import by configuration (CT-4: an existing CA taken over on first start)', () => {
  let files: Awaited<ReturnType<typeof opensslHierarchy>>;
  const orms: MikroORM[] = [];
  const harnesses: GraphHarness[] = [];
  const database = async () => {
    const orm = await openTestDatabase();
    orms.push(orm);
    return orm;
  };
  const start = async (orm: MikroORM, env: Record<string, string>) => {
    const harness = await startGraphHarness(orm, env);
    harnesses.push(harness);
    return harness;
  };

  beforeAll(async () => {
    files = await opensslHierarchy();
  });
  afterAll(async () => {
    for (const harness of harnesses) await harness.close();
    for (const orm of orms) await orm.close();
    files?.remove();
  });

  /** Issues a certificate under the imported CA and has OpenSSL verify it up to the imported root. */
  async function issueAndVerify(graph: GraphHarness): Promise<void> {
    const leaf = await graph.services.pki.issuer.issue({
      kind: 'personal',
      usage: 'signing',
      subject: 'CN=Under The Imported CA,O=Tessera',
      csr: (await subscriberRequest()).csr,
    });
    writeFileSync(files.path('leaf.pem'), pem(leaf.der as Buffer, 'CERTIFICATE'));
    const { status, output } = await run('openssl', [
      'verify',
      '-CAfile',
      files.path('root.pem'),
      '-untrusted',
      files.path('issuing.pem'),
      files.path('leaf.pem'),
    ]);
    expect(output).toContain(': OK');
    expect(status).toBe(0);
  }

  it('CT-4: imports the issuing CA and its key from CA_IMPORT_CERTIFICATES and CA_IMPORT_KEY, issues under the imported root, and never replaces it later', async () => {
    const orm = await database();
    const graph = await start(orm, {
      CA_IMPORT_CERTIFICATES: files.path('chain.pem'),
      CA_IMPORT_KEY: files.path('issuing.key'),
    });
    const root = await graph.services.pki.hierarchy.authority('root');
    expect(root?.signer).toBeUndefined();
    expect(root?.certificate.subject).toBe('CN=Elsewhere Root CA, O=Elsewhere');
    expect((await graph.services.pki.hierarchy.issuing()).certificate.subject).toBe(
      'CN=Elsewhere Issuing CA, O=Elsewhere',
    );
    await issueAndVerify(graph);

    // A later start with other (even missing) import files keeps the hierarchy and reads nothing.
    const again = await start(orm, {
      CA_IMPORT_CERTIFICATES: files.path('missing.pem'),
      CA_IMPORT_KEY: files.path('other.key'),
    });
    expect((await again.services.pki.hierarchy.issuing()).entity.id).toBe(
      (await graph.services.pki.hierarchy.issuing()).entity.id,
    );
    expect(await orm.em.fork().count(CertificateAuthority, { hierarchy: 'international' })).toBe(2);
  });

  it("CT-4: a key that is not the issuing certificate's stops the start, and nothing is written", async () => {
    const orm = await database();
    await expect(
      startGraphHarness(orm, {
        CA_IMPORT_CERTIFICATES: files.path('chain.pem'),
        CA_IMPORT_KEY: files.path('other.key'),
      }),
    ).rejects.toThrow(
      'certificate: the CA of CA_IMPORT_CERTIFICATES was not imported: the key does not match the issuing CA certificate',
    );
    expect(await orm.em.fork().count(CertificateAuthority)).toBe(0);
  });

  it('refuses unusable import settings with the setting named', async () => {
    const orm = await database();
    await expect(
      startGraphHarness(orm, {
        CA_IMPORT_CERTIFICATES: files.path('root.pem'),
        CA_IMPORT_KEY: files.path('issuing.key'),
      }),
    ).rejects.toThrow(/CA_IMPORT_CERTIFICATES must hold two PEM certificates.*found 1/);
    await expect(startGraphHarness(orm, { CA_IMPORT_CERTIFICATES: files.path('chain.pem') })).rejects.toThrow(
      /exactly one of CA_IMPORT_KEY and CA_IMPORT_KEY_LABEL/,
    );
    await expect(
      startGraphHarness(orm, { CA_IMPORT_CERTIFICATES: files.path('chain.pem'), CA_IMPORT_KEY_LABEL: 'x' }),
    ).rejects.toThrow(/CA_KEY_BACKEND=pkcs11/);
    expect(await orm.em.fork().count(CertificateAuthority)).toBe(0);
  });

  withSoftHsm('CT-4: imports an issuing CA whose key is already on the PKCS#11 token, by its label', async () => {
    const token = await softHsmToken();
    const pkcs11 = {
      CA_KEY_BACKEND: 'pkcs11',
      CA_PKCS11_MODULE: token.modulePath,
      CA_PKCS11_TOKEN_LABEL: token.tokenLabel,
      CA_PKCS11_PIN: token.pin,
      CA_IMPORT_CERTIFICATES: files.path('chain.pem'),
    };
    const orm = await database();
    const label = `elsewhere-issuing-${process.pid}-${Date.now()}`;
    const other = `${label}-other`;
    const backend = createKeyBackend(orm.em, { kind: 'pkcs11', ...token });
    const pkcs8 = (file: string) =>
      Buffer.from(readFileSync(file, 'utf8').replace(/-----[^-]+-----|\s/g, ''), 'base64');
    await backend.importKey({ label, algorithm: 'P-256' }, pkcs8(files.path('issuing.key')));
    await backend.importKey({ label: other, algorithm: 'P-256' }, pkcs8(files.path('other.key')));
    await backend.close();

    await expect(startGraphHarness(orm, { ...pkcs11, CA_IMPORT_KEY_LABEL: other })).rejects.toThrow(
      `the key labelled ${other} does not match the issuing CA certificate`,
    );
    await expect(startGraphHarness(orm, { ...pkcs11, CA_IMPORT_KEY_LABEL: `${label}-absent` })).rejects.toThrow(
      'holds no key labelled',
    );
    const graph = await start(orm, { ...pkcs11, CA_IMPORT_KEY_LABEL: label });
    expect((await graph.services.pki.hierarchy.issuing()).entity).toMatchObject({
      keyLabel: label,
      keyBackend: 'pkcs11',
    });
    await issueAndVerify(graph);
  });
});
