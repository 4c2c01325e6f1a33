import { generateKeyPairSync } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { X509Certificate } from '@peculiar/x509';
import { KeySealer } from '../keys/software/key-sealer';
import { SealedKey } from '../keys/software/sealed-key.entity';
import { SoftwareKeyBackend } from '../keys/software/software-key-backend';
import { createPki } from '../pki';
import { openTestDatabase } from '../testing/test-database';
import { subscriberRequest } from '../testing/test-pki';
import { CertificateAuthority } from './certificate-authority.entity';

describe('CA hierarchy: created on first start, or imported (CT-4)', () => {
  let source: MikroORM;
  let target: MikroORM;

  beforeAll(async () => {
    [source, target] = await Promise.all([openTestDatabase(), openTestDatabase()]);
  });
  afterAll(async () => {
    await source.close();
    await target.close();
  });

  it('CT-4: an issuing CA made elsewhere is imported with its key, the root key staying offline, and issues under the old root', async () => {
    const kek = Buffer.alloc(32, 3);
    const original = createPki(source.em, new SoftwareKeyBackend({ em: source.em, keyEncryptionKey: kek }), {
      publicUrl: 'http://old.example',
    });
    await original.start();
    const root = (await original.hierarchy.authority('root'))?.entity.certificateDer as Buffer;
    const issuing = await original.hierarchy.issuing();
    const sealed = await source.em.fork().findOneOrFail(SealedKey, { label: issuing.entity.keyLabel as string });
    const issuingKey = new KeySealer(kek).open(sealed.label, sealed);

    const imported = createPki(
      target.em,
      new SoftwareKeyBackend({ em: target.em, keyEncryptionKey: Buffer.alloc(32, 4) }),
      {
        publicUrl: 'http://new.example',
      },
    );
    await expect(
      imported.hierarchy.import({
        rootCertificate: issuing.entity.certificateDer,
        issuingCertificate: issuing.entity.certificateDer,
        issuingKey,
      }),
    ).rejects.toMatchObject({ code: 'CA_IMPORT_INVALID' });
    await imported.hierarchy.import({
      rootCertificate: root,
      issuingCertificate: issuing.entity.certificateDer,
      issuingKey,
    });
    await imported.start();

    const importedRoot = await imported.hierarchy.authority('root');
    expect(importedRoot?.signer).toBeUndefined();
    const leaf = await imported.issuer.issue({
      kind: 'personal',
      usage: 'signing',
      subject: 'CN=Imported',
      csr: (await subscriberRequest()).csr,
    });
    expect(
      await new X509Certificate(leaf.der as Buffer).verify({
        publicKey: issuing.certificate.publicKey,
        signatureOnly: true,
      }),
    ).toBe(true);
    expect(await imported.crls.current('issuing')).toMatchObject({ number: 1 });
  });

  it('refuses an issuing key that does not match the issuing certificate', async () => {
    const pki = createPki(source.em, new SoftwareKeyBackend({ em: source.em, keyEncryptionKey: Buffer.alloc(32, 3) }), {
      publicUrl: 'http://old.example',
    });
    const root = (await pki.hierarchy.authority('root'))?.entity.certificateDer as Buffer;
    const issuing = await pki.hierarchy.issuing();
    const otherKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      type: 'pkcs8',
      format: 'der',
    });
    const fresh = await openTestDatabase();
    try {
      const target2 = createPki(
        fresh.em,
        new SoftwareKeyBackend({ em: fresh.em, keyEncryptionKey: Buffer.alloc(32, 5) }),
        {
          publicUrl: 'http://x.example',
        },
      );
      await expect(
        target2.hierarchy.import({
          rootCertificate: root,
          issuingCertificate: issuing.entity.certificateDer,
          issuingKey: otherKey,
        }),
      ).rejects.toMatchObject({ code: 'CA_IMPORT_INVALID' });
    } finally {
      await fresh.close();
    }
  });
});

describe('delegated OCSP responder renewal', () => {
  it('CT-5: the responder certificate is replaced once two thirds of its validity have passed', async () => {
    const orm = await openTestDatabase();
    try {
      let now = new Date();
      const pki = createPki(orm.em, new SoftwareKeyBackend({ em: orm.em, keyEncryptionKey: Buffer.alloc(32, 6) }), {
        publicUrl: 'http://x.example',
        clock: () => now,
      });
      await pki.start();
      const first = await pki.hierarchy.responder();
      now = new Date(now.getTime() + 59 * 86_400_000);
      expect((await pki.hierarchy.responder()).entity.id).toBe(first.entity.id);
      now = new Date(now.getTime() + 2 * 86_400_000);
      const second = await pki.hierarchy.responder();
      expect(second.entity.id).not.toBe(first.entity.id);
      expect(second.certificate.notAfter.getTime()).toBeGreaterThan(first.certificate.notAfter.getTime());
    } finally {
      await orm.close();
    }
  });
});

describe('CA hierarchy on several replicas', () => {
  it('CT-4: replicas starting together on an empty database create one hierarchy between them', async () => {
    const orm = await openTestDatabase();
    try {
      const kek = Buffer.alloc(32, 7);
      const replicas = Array.from({ length: 3 }, () =>
        createPki(orm.em, new SoftwareKeyBackend({ em: orm.em, keyEncryptionKey: kek }), {
          publicUrl: 'http://replicas.example',
        }),
      );
      await Promise.all(replicas.map((pki) => pki.start()));
      const authorities = await orm.em.fork().find(CertificateAuthority, {});
      expect(authorities.map((a) => a.role).sort()).toEqual(['issuing', 'root']);
      const issuing = await Promise.all(replicas.map(async (pki) => (await pki.hierarchy.issuing()).entity.id));
      expect(new Set(issuing).size).toBe(1);
    } finally {
      await orm.close();
    }
  });
});
