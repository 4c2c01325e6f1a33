import { spawnSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { X509Certificate } from '@peculiar/x509';
import { CertificateAuthority } from '../authority/certificate-authority.entity';
import { createKeyBackend } from '../keys/key-backend-settings';
import { type GraphHarness, startGraphHarness } from '../testing/graph-harness';
import { commandExists } from '../testing/softhsm-token';
import { openTestDatabase } from '../testing/test-database';
import {
  fileSet,
  openssl,
  opensslVerifySm2Link,
  pem,
  sm2SubscriberRequest,
  subscriberRequest,
} from '../testing/test-pki';
import { CaCustody } from './ca-custody';
import { fromPkcs12 } from './pkcs12';

const cli = path.resolve(__dirname, '../../dist/custody/main.js');
const ready = commandExists('openssl') && existsSync(cli);
if (!ready) console.warn(`CA key custody tests skipped: they need openssl and ${cli} (npm run build)`);

const passphrase = 'correct horse battery staple';

/** `npm run ca -- <args>` as an operator runs it, against `databaseUrl`, the passphrase on standard input. */
function ca(databaseUrl: string, keyEncryptionKey: string, args: string[], input = `${passphrase}\n`) {
  const result = spawnSync(process.execPath, [cli, ...args], {
    input,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      CA_KEY_ENCRYPTION_KEY: keyEncryptionKey,
    },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

(ready ? describe : describe.skip)('CA key custody: PKCS#12 export and import (issue 13, item 6)', () => {
  const files = fileSet({ 'passphrase.txt': `${passphrase}\n` });
  const orms: MikroORM[] = [];
  const harnesses: GraphHarness[] = [];
  const urlOf = (orm: MikroORM) => orm.config.get('clientUrl') as string;
  const keyEncryptionKey = () => randomBytes(32).toString('base64');

  afterAll(async () => {
    for (const harness of harnesses) await harness.close();
    for (const orm of orms) await orm.close();
    files.remove();
  });

  async function started(env: Record<string, string>): Promise<{ orm: MikroORM; graph: GraphHarness }> {
    const orm = await openTestDatabase();
    orms.push(orm);
    const graph = await startGraphHarness(orm, env);
    harnesses.push(graph);
    return { orm, graph };
  }

  it('exports the CA with the CLI, imports it into a fresh database, and the imported CA signs a certificate that verifies against the exported chain (CT-4)', async () => {
    const firstKey = keyEncryptionKey();
    const first = await started({ CA_KEY_ENCRYPTION_KEY: firstKey });
    const exported = files.path('ca.p12');
    expect(ca(urlOf(first.orm), firstKey, ['export', exported])).toMatchObject({ status: 0 });

    // OpenSSL reads the file under the passphrase: both CA certificates, and both keys.
    const certificates = files.path('exported-chain.pem');
    await openssl(
      'pkcs12',
      '-in',
      exported,
      '-passin',
      `file:${files.path('passphrase.txt')}`,
      '-nokeys',
      '-out',
      certificates,
    );
    const keys = await openssl(
      'pkcs12',
      '-in',
      exported,
      '-passin',
      `file:${files.path('passphrase.txt')}`,
      '-nocerts',
      '-nodes',
    );
    expect(keys.match(/BEGIN PRIVATE KEY/g)).toHaveLength(2);
    const [issuingPem, rootPem] = ['issuing', 'root'].map(
      (name) =>
        readFileSync(certificates, 'utf8')
          .split(/(?=Bag Attributes)/)
          .find((bag) => bag.includes(`friendlyName: ${name}`)) ?? '',
    );
    writeFileSync(files.path('issuing.pem'), issuingPem as string);
    writeFileSync(files.path('root.pem'), rootPem as string);

    // A fresh database of another deployment (its own key-encryption key) takes the CA over.
    const secondKey = keyEncryptionKey();
    const fresh = await openTestDatabase();
    orms.push(fresh);
    expect(
      ca(urlOf(fresh), secondKey, ['import', exported, '--passphrase-file', files.path('passphrase.txt')]),
    ).toMatchObject({
      status: 0,
    });
    const graph = await startGraphHarness(fresh, { CA_KEY_ENCRYPTION_KEY: secondKey });
    harnesses.push(graph);
    const issuing = await graph.services.pki.hierarchy.issuing();
    expect(issuing.entity.certificateDer).toEqual(
      (await first.graph.services.pki.hierarchy.issuing()).entity.certificateDer,
    );
    // The root's key came too: it is online, ready to certify a next issuing CA (a rollover).
    expect((await graph.services.pki.hierarchy.authority('root'))?.signer).toBeDefined();

    const leaf = await graph.services.pki.issuer.issue({
      kind: 'personal',
      usage: 'signing',
      subject: 'CN=Under The Imported CA,O=Tessera',
      csr: (await subscriberRequest()).csr,
    });
    writeFileSync(files.path('leaf.pem'), pem(leaf.der as Buffer, 'CERTIFICATE'));
    const verified = await openssl(
      'verify',
      '-CAfile',
      files.path('root.pem'),
      '-untrusted',
      files.path('issuing.pem'),
      files.path('leaf.pem'),
    );
    expect(verified).toContain('leaf.pem: OK');
  });

  it('refuses a wrong passphrase, an altered file, a database that has a CA, and a short passphrase', async () => {
    const key = keyEncryptionKey();
    const { orm, graph } = await started({ CA_KEY_ENCRYPTION_KEY: key });
    const custody = new CaCustody(
      graph.services.pki.hierarchy,
      createKeyBackend(orm.em, { kind: 'software', keyEncryptionKey: Buffer.from(key, 'base64') }),
    );
    const pkcs12 = await custody.exportPkcs12(passphrase);
    const authorities = await orm.em.fork().count(CertificateAuthority);
    await expect(fromPkcs12(pkcs12, 'not the passphrase')).rejects.toThrow(/passphrase is wrong/);
    const altered = Buffer.from(pkcs12);
    const middle = Math.floor(altered.length / 2);
    altered.writeUInt8((altered.readUInt8(middle) ^ 0xff) & 0xff, middle);
    await expect(fromPkcs12(altered, passphrase)).rejects.toThrow(
      /passphrase is wrong, or the file was altered|not a PKCS#12/,
    );
    await expect(custody.importPkcs12(pkcs12, passphrase)).rejects.toThrow(
      /already holds the CA hierarchy international/,
    );
    // Issue 14: each hierarchy refuses an import once it exists (both run here by default).
    await expect(custody.importPkcs12(pkcs12, passphrase, 'sm2')).rejects.toThrow(/already holds the CA hierarchy sm2/);
    expect(await orm.em.fork().count(CertificateAuthority)).toBe(authorities);

    const refused = ca(urlOf(orm), key, ['export', files.path('short.p12')], 'short\n');
    expect(refused).toMatchObject({ status: 1, output: expect.stringContaining('at least 12 characters') });
    expect(existsSync(files.path('short.p12'))).toBe(false);
  });

  it('reads a PKCS#12 file that OpenSSL wrote (encrypted certificates), pairing each key with its certificate', async () => {
    const key = keyEncryptionKey();
    const { orm, graph } = await started({ CA_KEY_ENCRYPTION_KEY: key });
    const custody = new CaCustody(
      graph.services.pki.hierarchy,
      createKeyBackend(orm.em, { kind: 'software', keyEncryptionKey: Buffer.from(key, 'base64') }),
    );
    writeFileSync(files.path('ours.p12'), await custody.exportPkcs12(passphrase));
    const pass = `file:${files.path('passphrase.txt')}`;
    await openssl('pkcs12', '-in', files.path('ours.p12'), '-passin', pass, '-nodes', '-out', files.path('all.pem'));
    await openssl(
      'pkcs12',
      '-export',
      '-in',
      files.path('all.pem'),
      '-passout',
      pass,
      '-out',
      files.path('openssl.p12'),
    );
    const entries = await fromPkcs12(readFileSync(files.path('openssl.p12')), passphrase);
    // OpenSSL took the first key of the PEM and the certificates: one paired entry, whose key is its certificate's.
    expect(entries).toHaveLength(2);
    const [paired] = entries.filter((entry) => entry.key);
    const spki = createPublicKey(createPrivateKey({ key: paired?.key as Buffer, format: 'der', type: 'pkcs8' }));
    expect(spki.export({ type: 'spki', format: 'der' })).toEqual(
      Buffer.from(new X509Certificate(paired?.certificate as Buffer).publicKey.rawData),
    );
    const authorities = (await graph.services.pki.hierarchy.authorities()).filter(
      (authority) => authority.entity.hierarchy === 'international',
    );
    expect(entries.map((entry) => entry.certificate).sort(Buffer.compare)).toEqual(
      authorities.map((authority) => authority.entity.certificateDer).sort(Buffer.compare),
    );
  });

  it('rolls the issuing CA over with the CLI: the running platform signs with the new CA within a second, and an export made after it moves the new CA (issue 13 item 6)', async () => {
    const key = keyEncryptionKey();
    const { orm, graph } = await started({ CA_KEY_ENCRYPTION_KEY: key });
    const before = await graph.services.pki.hierarchy.issuing();
    const rolled = ca(urlOf(orm), key, ['rollover', '--hierarchy', 'international'], '');
    expect(rolled).toMatchObject({ status: 0, output: expect.stringContaining('issuing-2') });
    const deadline = Date.now() + 1_000;
    let active = await graph.services.pki.hierarchy.issuing();
    while (active.entity.id === before.entity.id && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      active = await graph.services.pki.hierarchy.issuing();
    }
    expect(active.entity).toMatchObject({ name: 'issuing-2', createdBy: 'operator' });
    expect(ca(urlOf(orm), key, ['rollover', '--hierarchy', 'sm9'], '')).toMatchObject({
      status: 1,
      output: expect.stringContaining('"sm9" is not configured'),
    });

    const exported = files.path('rolled.p12');
    expect(ca(urlOf(orm), key, ['export', exported])).toMatchObject({ status: 0 });
    const fresh = await openTestDatabase();
    orms.push(fresh);
    expect(ca(urlOf(fresh), key, ['import', exported])).toMatchObject({ status: 0 });
    const imported = await startGraphHarness(fresh, { CA_KEY_ENCRYPTION_KEY: key });
    harnesses.push(imported);
    expect((await imported.services.pki.hierarchy.issuing()).entity.certificateDer).toEqual(
      active.entity.certificateDer,
    );
  });

  it('exports and imports one hierarchy at a time: the 国密 SM2 CA moves as the sm2 hierarchy, never into the international one (issue 14)', async () => {
    const key = keyEncryptionKey();
    const { orm, graph } = await started({ CA_KEY_ENCRYPTION_KEY: key });
    const exported = files.path('sm2.p12');
    expect(ca(urlOf(orm), key, ['export', exported, '--hierarchy', 'sm2'])).toMatchObject({ status: 0 });
    const entries = await fromPkcs12(readFileSync(exported), passphrase);
    const sm2 = (await graph.services.pki.hierarchy.authorities()).filter((a) => a.entity.hierarchy === 'sm2');
    expect(entries.map((entry) => entry.certificate).sort(Buffer.compare)).toEqual(
      sm2.map((authority) => authority.entity.certificateDer).sort(Buffer.compare),
    );

    const fresh = await openTestDatabase();
    orms.push(fresh);
    expect(ca(urlOf(fresh), key, ['import', exported])).toMatchObject({
      status: 1,
      output: expect.stringContaining('the issuing CA key is SM2: the hierarchy international holds P-256 keys'),
    });
    expect(await fresh.em.fork().count(CertificateAuthority)).toBe(0);
    expect(ca(urlOf(fresh), key, ['import', exported, '--hierarchy', 'sm2'])).toMatchObject({ status: 0 });
    const imported = await startGraphHarness(fresh, { CA_KEY_ENCRYPTION_KEY: key });
    harnesses.push(imported);
    const issuing = await imported.services.pki.hierarchy.issuing('sm2');
    expect(issuing.entity).toMatchObject({ name: 'sm2-issuing', algorithm: 'SM2' });
    expect(issuing.entity.certificateDer).toEqual(
      (await graph.services.pki.hierarchy.issuing('sm2')).entity.certificateDer,
    );
    // The start made the international hierarchy the file did not hold, as on any first start.
    expect((await imported.services.pki.hierarchy.issuing('international')).entity.algorithm).toBe('P-256');
    const leaf = await imported.services.pki.issuer.issue({
      kind: 'personal',
      usage: 'signing',
      subject: 'CN=Under The Imported SM2 CA,C=CN',
      hierarchy: 'sm2',
      csr: (await sm2SubscriberRequest()).csr,
    });
    expect(await opensslVerifySm2Link(issuing.entity.certificateDer, leaf.der as Buffer)).toMatchObject({ status: 0 });
  });
});
