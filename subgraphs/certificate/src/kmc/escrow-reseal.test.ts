import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig } from '@tessera/kit';
import { kmcPreviousKeyEncryptionKeys } from '../certificate-options';
import type { KeyBackend } from '../keys/key-backend';
import { createKeyBackend } from '../keys/key-backend-settings';
import { KeySealer } from '../keys/software/key-sealer';
import { createPki } from '../pki';
import { openTestDatabase } from '../testing/test-database';
import { subscriberRequest } from '../testing/test-pki';
import { KeyEscrow } from './key-escrow.entity';

const cli = path.resolve(__dirname, '../../dist/custody/main.js');
const oldKey = randomBytes(32);
const newKey = randomBytes(32);

/** `npm run ca -- reseal-kmc` as an operator runs it mid-rotation, against `databaseUrl`. */
function resealKmc(databaseUrl: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [cli, 'reseal-kmc'], {
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      CA_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      KMC_KEY_ENCRYPTION_KEY: newKey.toString('base64'),
      KMC_PREVIOUS_KEY_ENCRYPTION_KEYS: `${randomBytes(32).toString('base64')},${oldKey.toString('base64')}`,
    },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('rotation of the KMC key-encryption key (CT-1, issue 13 item 6)', () => {
  let orm: MikroORM;
  let backend: KeyBackend;

  beforeAll(async () => {
    orm = await openTestDatabase();
    backend = createKeyBackend(orm.em, { kind: 'software', keyEncryptionKey: randomBytes(32) });
    // Two dual certificates whose encryption keys the KMC escrows under the old key.
    const pki = createPki(orm.em, backend, { publicUrl: 'http://pki.tessera.test/', kmcKeyEncryptionKey: oldKey });
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
  const opened = async (sealer: KeySealer) =>
    (await escrows()).filter((escrow) => {
      try {
        sealer.open(escrow.id, escrow);
        return true;
      } catch {
        return false;
      }
    }).length;

  it('the new key with the previous ones opens every escrowed key; the new key alone only once they are re-sealed', async () => {
    expect(await escrows()).toHaveLength(2);
    const previous = kmcPreviousKeyEncryptionKeys(
      loadConfig({ KMC_PREVIOUS_KEY_ENCRYPTION_KEYS: oldKey.toString('base64') }),
    );
    expect(await opened(new KeySealer(newKey))).toBe(0);
    expect(await opened(new KeySealer(newKey, previous))).toBe(2);
    // New escrows are sealed under the new key at once: a replica that knows it seals with it.
    const sealed = new KeySealer(newKey, previous).seal('label', Buffer.from('key'));
    expect(new KeySealer(newKey).open('label', sealed).toString()).toBe('key');
  });

  (existsSync(cli) ? it : it.skip)(
    'npm run ca -- reseal-kmc seals every escrowed key again under the new key, once',
    async () => {
      const url = orm.config.get('clientUrl') as string;
      expect(resealKmc(url)).toEqual({ status: 0, output: 'Re-sealed 2 escrowed keys under KMC_KEY_ENCRYPTION_KEY\n' });
      expect(resealKmc(url)).toEqual({ status: 0, output: 'Re-sealed 0 escrowed keys under KMC_KEY_ENCRYPTION_KEY\n' });
      expect(await opened(new KeySealer(newKey))).toBe(2);
      expect(await opened(new KeySealer(oldKey))).toBe(0);
    },
  );

  it('refuses a malformed list of previous keys', () => {
    expect(() => loadConfig({ KMC_PREVIOUS_KEY_ENCRYPTION_KEYS: 'not-a-key' })).toThrow(
      /KMC_PREVIOUS_KEY_ENCRYPTION_KEYS/,
    );
  });
});
