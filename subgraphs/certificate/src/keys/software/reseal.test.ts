import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig } from '@tessera/kit';
import { keyBackendSettings, kmcPreviousKeyEncryptionKeys } from '../../certificate-options';
import { KeyEscrow } from '../../kmc/key-escrow.entity';
import { createPki } from '../../pki';
import { openTestDatabase } from '../../testing/test-database';
import { subscriberRequest } from '../../testing/test-pki';
import type { KeyBackend } from '../key-backend';
import { createKeyBackend } from '../key-backend-settings';
import type { Sealed } from '../key-encryption';
import { KeySealer } from './key-sealer';
import { SealedKey } from './sealed-key.entity';

const cli = path.resolve(__dirname, '../../../dist/custody/main.js');
const base64 = (key: Buffer) => key.toString('base64');
const keys = {
  ca: { old: randomBytes(32), new: randomBytes(32) },
  kmc: { old: randomBytes(32), new: randomBytes(32) },
};

/** `npm run ca -- <command>` as an operator runs it mid-rotation: new keys set, the old ones as previous. */
function ca(databaseUrl: string, command: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [cli, command], {
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      CA_KEY_ENCRYPTION_KEY: base64(keys.ca.new),
      CA_PREVIOUS_KEY_ENCRYPTION_KEYS: base64(keys.ca.old),
      KMC_KEY_ENCRYPTION_KEY: base64(keys.kmc.new),
      KMC_PREVIOUS_KEY_ENCRYPTION_KEYS: `${base64(randomBytes(32))},${base64(keys.kmc.old)}`,
    },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** How many of `rows` `sealer` opens, each under its associated data. */
function opened<T extends Sealed>(rows: T[], label: (row: T) => string, sealer: KeySealer): number {
  return rows.filter((row) => {
    try {
      sealer.open(label(row), row);
      return true;
    } catch {
      return false;
    }
  }).length;
}

describe('rotation of the key-encryption keys: CA keys and KMC escrows (CT-1, issue 13 item 6)', () => {
  let orm: MikroORM;
  let backend: KeyBackend;

  beforeAll(async () => {
    orm = await openTestDatabase();
    backend = createKeyBackend(orm.em, { kind: 'software', keyEncryptionKey: keys.ca.old });
    // A hierarchy whose keys are sealed under the old CA key, and two dual certificates whose encryption
    // keys the KMC escrows under the old KMC key.
    const pki = createPki(orm.em, backend, {
      publicUrl: 'http://pki.tessera.test/',
      kmcKeyEncryptionKey: keys.kmc.old,
    });
    await pki.hierarchy.ensure();
    for (const name of ['One', 'Two']) {
      const { referenceCode, authorizationCode } = await pki.enrollments.create(
        { kind: 'organization', usage: 'signing', subject: `CN=Rotation ${name},O=Tessera Test,C=CN`, dual: true },
        'ra',
      );
      await pki.enrollments.redeem({ referenceCode, authorizationCode, csr: (await subscriberRequest()).csr });
    }
  });
  afterAll(async () => {
    await backend?.close();
    await orm?.close();
  });

  const escrows = () => orm.em.fork().find(KeyEscrow, {}, { populate: ['iv', 'tag', 'ciphertext'] });
  const caKeys = () => orm.em.fork().find(SealedKey, {});

  it('the new key with the previous ones opens everything the old key sealed; the new key alone does not', async () => {
    const config = loadConfig({
      CA_KEY_ENCRYPTION_KEY: base64(keys.ca.new),
      CA_PREVIOUS_KEY_ENCRYPTION_KEYS: base64(keys.ca.old),
      KMC_PREVIOUS_KEY_ENCRYPTION_KEYS: base64(keys.kmc.old),
    });
    const escrowed = await escrows();
    expect(escrowed).toHaveLength(2);
    expect(opened(escrowed, (e) => e.id, new KeySealer(keys.kmc.new))).toBe(0);
    expect(opened(escrowed, (e) => e.id, new KeySealer(keys.kmc.new, kmcPreviousKeyEncryptionKeys(config)))).toBe(2);

    // The configured backend signs with a key the old key sealed; new keys it seals under the new key.
    const settings = keyBackendSettings(config);
    const rotating = createKeyBackend(orm.em, settings);
    const [root] = await caKeys();
    if (!root) throw new Error('the hierarchy has keys');
    await expect(
      rotating.sign({ label: root.label, algorithm: root.algorithm }, Buffer.from('x')),
    ).resolves.toBeInstanceOf(Buffer);
    await expect(
      createKeyBackend(orm.em, { kind: 'software', keyEncryptionKey: keys.ca.new }).sign(
        { label: root.label, algorithm: root.algorithm },
        Buffer.from('x'),
      ),
    ).rejects.toThrow();
    const sealed = new KeySealer(keys.kmc.new, [keys.kmc.old]).seal('label', Buffer.from('key'));
    expect(new KeySealer(keys.kmc.new).open('label', sealed).toString()).toBe('key');
  });

  (existsSync(cli) ? it : it.skip)(
    'npm run ca -- reseal-kmc and reseal-ca-keys seal everything again under the new keys, once',
    async () => {
      const url = orm.config.get('clientUrl') as string;
      const count = (await caKeys()).length;
      expect(count).toBeGreaterThanOrEqual(3);
      expect(ca(url, 'reseal-kmc')).toEqual({
        status: 0,
        output: 'Re-sealed 2 escrowed keys under KMC_KEY_ENCRYPTION_KEY\n',
      });
      expect(ca(url, 'reseal-kmc')).toEqual({
        status: 0,
        output: 'Re-sealed 0 escrowed keys under KMC_KEY_ENCRYPTION_KEY\n',
      });
      expect(ca(url, 'reseal-ca-keys')).toEqual({
        status: 0,
        output: `Re-sealed ${count} CA keys under CA_KEY_ENCRYPTION_KEY\n`,
      });
      expect(ca(url, 'reseal-ca-keys')).toEqual({
        status: 0,
        output: 'Re-sealed 0 CA keys under CA_KEY_ENCRYPTION_KEY\n',
      });

      expect(opened(await escrows(), (e) => e.id, new KeySealer(keys.kmc.new))).toBe(2);
      expect(opened(await escrows(), (e) => e.id, new KeySealer(keys.kmc.old))).toBe(0);
      expect(opened(await caKeys(), (k) => k.label, new KeySealer(keys.ca.new))).toBe(count);
      expect(opened(await caKeys(), (k) => k.label, new KeySealer(keys.ca.old))).toBe(0);
    },
  );

  it('refuses a malformed list of previous keys', () => {
    expect(() => loadConfig({ KMC_PREVIOUS_KEY_ENCRYPTION_KEYS: 'not-a-key' })).toThrow(
      /KMC_PREVIOUS_KEY_ENCRYPTION_KEYS/,
    );
    expect(() => loadConfig({ CA_PREVIOUS_KEY_ENCRYPTION_KEYS: `${base64(keys.ca.old)},` })).toThrow(
      /CA_PREVIOUS_KEY_ENCRYPTION_KEYS/,
    );
  });
});
