import type { MikroORM } from '@mikro-orm/postgresql';
import { X509Certificate, X509Crl } from '@peculiar/x509';
import { Registry } from 'prom-client';
import { Certificate } from '../certificates/certificate.entity';
import { Crl } from '../crl/crl.entity';
import { KeySealer } from '../keys/software/key-sealer';
import { SealedKey } from '../keys/software/sealed-key.entity';
import { SoftwareKeyBackend } from '../keys/software/software-key-backend';
import { CertificateMetrics } from '../metrics/certificate-metrics';
import { createPki } from '../pki';
import { type PkiServer, startPkiServer } from '../testing/pki-server';
import { commandExists } from '../testing/softhsm-token';
import { openTestDatabase } from '../testing/test-database';
import { fileSet, pem, run, subscriberRequest } from '../testing/test-pki';
import type { LoadedAuthority } from './ca-hierarchy';

const hasOpenssl = commandExists('openssl');
if (!hasOpenssl) console.warn('openssl is not installed: skipping the CA rollover tests that use it (CT-4, CT-5)');
const withOpenssl = hasOpenssl ? it : it.skip;
const day = 86_400_000;

async function fetchDer(url: string): Promise<{ status: number; der: Buffer }> {
  const response = await fetch(url);
  return { status: response.status, der: Buffer.from(await response.arrayBuffer()) };
}

describe('issuing-CA rollover (issue 13 item 6; CT-4, CT-5)', () => {
  let orm: MikroORM;
  let server: PkiServer;
  let now: Date;
  let root: Buffer;
  let oldCa: LoadedAuthority;
  let newCa: LoadedAuthority;
  let a: Certificate;
  let b: Certificate;

  beforeAll(async () => {
    orm = await openTestDatabase();
    now = new Date();
    server = await startPkiServer(orm, { clock: () => now });
    root = (await server.pki.hierarchy.authority('root'))?.entity.certificateDer as Buffer;
  });
  afterAll(async () => {
    await server.pki.crls.idle();
    await server.close();
    await orm.close();
  });

  const issue = async (subject: string, validityDays: number) =>
    server.pki.issuer.issue({
      kind: 'personal',
      usage: 'signing',
      subject,
      validityDays,
      csr: (await subscriberRequest()).csr,
    });

  /** `openssl verify` of a leaf to the root, both generations of issuing CA offered as untrusted. */
  async function verify(leaf: Certificate) {
    const files = fileSet({
      'root.pem': pem(root, 'CERTIFICATE'),
      'issuing.pem': pem(oldCa.entity.certificateDer, 'CERTIFICATE') + pem(newCa.entity.certificateDer, 'CERTIFICATE'),
      'leaf.pem': pem(leaf.der as Buffer, 'CERTIFICATE'),
    });
    try {
      return await run('openssl', [
        'verify',
        '-CAfile',
        files.path('root.pem'),
        '-untrusted',
        files.path('issuing.pem'),
        files.path('leaf.pem'),
      ]);
    } finally {
      files.remove();
    }
  }

  /** `openssl ocsp` against the running route about `leaf` of `issuer`, the answer verified to the root. */
  async function ask(leaf: Certificate, issuer: LoadedAuthority, extra: string[] = []) {
    const files = fileSet({
      'root.pem': pem(root, 'CERTIFICATE'),
      'issuing.pem': pem(issuer.entity.certificateDer, 'CERTIFICATE'),
      'leaf.pem': pem(leaf.der as Buffer, 'CERTIFICATE'),
    });
    try {
      return await run('openssl', [
        'ocsp',
        '-issuer',
        files.path('issuing.pem'),
        '-cert',
        files.path('leaf.pem'),
        '-url',
        `${server.baseUrl}/pki/ocsp`,
        '-CAfile',
        files.path('root.pem'),
        '-verify_other',
        files.path('issuing.pem'),
        '-resp_text',
        ...extra,
      ]);
    } finally {
      files.remove();
    }
  }

  /** `openssl crl -CAfile` of a CA's CRL as served, with the text of its entries. */
  async function crlOf(authority: LoadedAuthority) {
    const { status, der } = await fetchDer(`${server.baseUrl}/pki/crl/${authority.entity.name}.crl`);
    expect(status).toBe(200);
    const files = fileSet({
      'chain.pem': pem(root, 'CERTIFICATE') + pem(authority.entity.certificateDer, 'CERTIFICATE'),
      'ca.crl': der,
    });
    try {
      const checked = await run('openssl', [
        'crl',
        '-inform',
        'DER',
        '-in',
        files.path('ca.crl'),
        '-CAfile',
        files.path('chain.pem'),
        '-noout',
        '-text',
      ]);
      return { ...checked, crl: new X509Crl(der) };
    } finally {
      files.remove();
    }
  }

  const serialIn = (crl: X509Crl, leaf: Certificate) =>
    crl.entries.some((entry) => entry.serialNumber.replace(/^0+/, '') === leaf.serialNumber.replace(/^0+/, ''));

  it('issues A, rolls over, issues B: each under the CA that was active, with that CA’s pointers', async () => {
    oldCa = await server.pki.hierarchy.issuing();
    a = await issue('CN=Before Rollover', 10);
    newCa = await server.pki.rollover(undefined, 'admin-1');
    b = await issue('CN=After Rollover', 60);

    expect(newCa.entity).toMatchObject({
      name: 'issuing-2',
      hierarchy: 'international',
      generation: 2,
      createdBy: 'admin-1',
    });
    expect(newCa.entity.issuerId).toBe(oldCa.entity.issuerId);
    expect(newCa.certificate.subject).toBe('CN=Tessera Issuing CA G2, O=Tessera, C=CN');
    expect((await server.pki.hierarchy.authority('issuing'))?.entity.retiredAt).toBeInstanceOf(Date);
    expect(a.authorityId).toBe(oldCa.entity.id);
    expect(b.authorityId).toBe(newCa.entity.id);
    const pointers = (leaf: Certificate) => {
      const text = (leaf.der as Buffer).toString('latin1');
      return ['issuing.crl', 'issuing-2.crl', 'issuing.crt', 'issuing-2.crt'].filter((name) =>
        text.includes(`/pki/${name.endsWith('.crl') ? 'crl' : 'ca'}/${name}`),
      );
    };
    expect(pointers(a)).toEqual(['issuing.crl', 'issuing.crt']);
    expect(pointers(b)).toEqual(['issuing-2.crl', 'issuing-2.crt']);
    // Each CA's certificate stays at its stable URL.
    for (const ca of [oldCa, newCa]) {
      const served = await fetchDer(`${server.baseUrl}/pki/ca/${ca.entity.name}.crt`);
      expect(served.der.equals(ca.entity.certificateDer)).toBe(true);
    }
    expect(
      await new X509Certificate(b.der as Buffer).verify({
        publicKey: newCa.certificate.publicKey,
        signatureOnly: true,
      }),
    ).toBe(true);
  });

  withOpenssl('CT-4: openssl verify chains A and B to the same root', async () => {
    for (const leaf of [a, b]) {
      const verified = await verify(leaf);
      expect(verified.output).toContain('leaf.pem: OK');
      expect(verified.status).toBe(0);
    }
  });

  withOpenssl('CT-5: OCSP for A is answered by the retired CA’s responder, for B by the new one', async () => {
    const [forA, forB] = [await ask(a, oldCa), await ask(b, newCa)];
    for (const answer of [forA, forB]) {
      expect(answer.output).toContain('Response verify OK');
      expect(answer.output).toMatch(/leaf\.pem: good/);
    }
    const responderOf = async (ca: LoadedAuthority) => (await server.pki.hierarchy.responder(ca)).certificate;
    // Each answer verified with only its own CA offered: signed by that CA's delegated responder.
    const [oldResponder, newResponder] = [await responderOf(oldCa), await responderOf(newCa)];
    expect(oldResponder.issuer).toBe(oldCa.certificate.subject);
    expect(newResponder.issuer).toBe(newCa.certificate.subject);
    // A request about A naming the new CA as issuer is not this responder's to answer.
    expect((await ask(a, newCa)).output).toMatch(/unauthorized|unknown/i);
  });

  withOpenssl('CT-5: each CA’s CRL verifies; revoking A lands on the retired CA’s CRL only', async () => {
    await server.pki.revocation.revoke(a.id, 'keyCompromise', 'clerk');
    await server.pki.crls.settled(oldCa.entity.name);
    const [oldCrl, newCrl] = [await crlOf(oldCa), await crlOf(newCa)];
    for (const checked of [oldCrl, newCrl]) {
      expect(checked.output).toContain('verify OK');
      expect(checked.output).not.toContain('verify failure');
    }
    expect(oldCrl.crl.issuer).toBe(oldCa.certificate.subject);
    expect(newCrl.crl.issuer).toBe(newCa.certificate.subject);
    expect(serialIn(oldCrl.crl, a)).toBe(true);
    expect(serialIn(newCrl.crl, a)).toBe(false);
    expect(await ask(a, oldCa).then((answer) => answer.output)).toMatch(/leaf\.pem: revoked/);
  });

  withOpenssl('once the retired CA’s last certificate has expired, it no longer publishes', async () => {
    const published = () => orm.em.fork().count(Crl, { authorityId: oldCa.entity.id });
    now = new Date(now.getTime() + 11 * day);
    const before = await published();
    await server.pki.crls.refreshDue();
    expect(await published()).toBe(before);
    expect((await fetchDer(`${server.baseUrl}/pki/crl/issuing.crl`)).status).toBe(404);
    expect((await ask(a, oldCa)).output).toMatch(/unauthorized/i);
    // Its certificate stays where certificates point; the active CA and the root go on.
    expect((await fetchDer(`${server.baseUrl}/pki/ca/issuing.crt`)).status).toBe(200);
    expect((await crlOf(newCa)).output).toContain('verify OK');
    expect((await fetchDer(`${server.baseUrl}/pki/crl/root.crl`)).status).toBe(200);
    // openssl checks thisUpdate against the real time, 11 days behind the CA's clock here.
    const later = await ask(b, newCa, ['-validity_period', String(12 * 86_400)]);
    expect(later.output).toContain('Response verify OK');
    expect(later.output).toMatch(/leaf\.pem: good/);
  });
});

describe('issuing-CA rollover refused, and followed by replicas', () => {
  it('is refused while the root key is offline (an imported root without its key)', async () => {
    const [source, target] = await Promise.all([openTestDatabase(), openTestDatabase()]);
    try {
      const kek = Buffer.alloc(32, 3);
      const original = createPki(source.em, new SoftwareKeyBackend({ em: source.em, keyEncryptionKey: kek }), {
        publicUrl: 'http://old.example',
      });
      await original.start();
      const issuing = await original.hierarchy.issuing();
      const root = (await original.hierarchy.authority('root'))?.entity.certificateDer as Buffer;
      const sealed = await source.em.fork().findOneOrFail(SealedKey, { label: issuing.entity.keyLabel as string });
      const imported = createPki(
        target.em,
        new SoftwareKeyBackend({ em: target.em, keyEncryptionKey: Buffer.alloc(32, 4) }),
        {
          publicUrl: 'http://new.example',
          imported: () => ({
            rootCertificate: root,
            issuingCertificate: issuing.entity.certificateDer,
            issuingKey: new KeySealer(kek).open(sealed.label, sealed),
          }),
        },
      );
      await imported.start();
      await expect(imported.rollover(undefined, 'admin-1')).rejects.toMatchObject({
        extensions: { code: 'CA_ROOT_KEY_OFFLINE', hierarchy: 'international' },
        message: expect.stringContaining('offline'),
      });
      expect((await imported.hierarchy.issuing()).entity.id).toBe(
        (await imported.hierarchy.authority('issuing'))?.entity.id,
      );
      await expect(imported.rollover('sm9', 'admin-1')).rejects.toMatchObject({
        extensions: { code: 'CA_HIERARCHY_UNKNOWN' },
      });
    } finally {
      await Promise.all([source.close(), target.close()]);
    }
  });

  it('happens once across replicas, and the other replica signs with the new CA within a second', async () => {
    const orm = await openTestDatabase();
    const replicas = [await startPkiServer(orm), await startPkiServer(orm)] as [PkiServer, PkiServer];
    const following = await Promise.all(replicas.map((replica) => replica.pki.followReplicas()));
    try {
      const [first, second] = replicas;
      const before = await second.pki.hierarchy.issuing();
      const [one, two] = await Promise.all([
        first.pki.rollover(undefined, 'admin-1'),
        first.pki.rollover(undefined, 'admin-2'),
      ]);
      // Two rollovers asked at once run one after the other: generations 2 and 3, never two active CAs.
      expect([one.entity.generation, two.entity.generation].sort()).toEqual([2, 3]);
      const newest = one.entity.generation === 3 ? one : two;
      const deadline = Date.now() + 1_000;
      let seen = await second.pki.hierarchy.issuing();
      while (seen.entity.id !== newest.entity.id && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        seen = await second.pki.hierarchy.issuing();
      }
      expect(seen.entity.id).toBe(newest.entity.id);
      expect(seen.entity.id).not.toBe(before.entity.id);
      const leaf = await second.pki.issuer.issue({
        kind: 'personal',
        usage: 'signing',
        subject: 'CN=Second Replica',
        csr: (await subscriberRequest()).csr,
      });
      expect(leaf.authorityId).toBe(newest.entity.id);
      const active = (await first.pki.hierarchy.authorities()).filter(
        (authority) => authority.entity.role === 'issuing' && !authority.entity.retiredAt,
      );
      expect(active).toHaveLength(1);
    } finally {
      await Promise.all(following.map((notices) => notices.close()));
      for (const replica of replicas) await replica.pki.crls.idle();
      await Promise.all(replicas.map((replica) => replica.close()));
      await orm.close();
    }
  });

  it('a retired CA whose certificates have all expired is no longer watched by the CRL metrics', async () => {
    const orm = await openTestDatabase();
    const registry = new Registry();
    const server = await startPkiServer(orm, { metrics: new CertificateMetrics(registry, orm.em) });
    try {
      const leaf = await server.pki.issuer.issue({
        kind: 'personal',
        usage: 'signing',
        subject: 'CN=Watched',
        csr: (await subscriberRequest()).csr,
      });
      await server.pki.rollover(undefined, 'admin-1');
      const watched = async () =>
        (await registry.getSingleMetric('tessera_crl_next_update_seconds')?.get())?.values
          .map((value) => value.labels.authority)
          .sort();
      expect(await watched()).toEqual(['issuing', 'issuing-2', 'root']);
      await orm.em.fork().nativeUpdate(Certificate, { id: leaf.id }, { notAfter: new Date(Date.now() - 1_000) });
      expect(await watched()).toEqual(['issuing-2', 'root']);
    } finally {
      await server.pki.crls.idle();
      await server.close();
      await orm.close();
    }
  });
});
