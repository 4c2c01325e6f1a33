import type { MikroORM } from '@mikro-orm/postgresql';
import type { KeyBackend } from '../keys/key-backend';
import { createKeyBackend } from '../keys/key-backend-settings';
import { softHsmAvailable, softHsmToken } from './softhsm-token';

/** How a test suite gets each backend, so the same tests run against software keys and SoftHSM. */
export interface KeyBackendFixture {
  name: 'software' | 'pkcs11';
  available(): boolean;
  open(orm: MikroORM): Promise<{ backend: KeyBackend; close(): Promise<void> }>;
}

export const keyBackendFixtures: KeyBackendFixture[] = [
  {
    name: 'software',
    available: () => true,
    async open(orm) {
      const backend = createKeyBackend(orm.em, { kind: 'software', keyEncryptionKey: Buffer.alloc(32, 7) });
      return { backend, close: () => backend.close() };
    },
  },
  {
    name: 'pkcs11',
    available: softHsmAvailable,
    async open(orm) {
      const token = await softHsmToken();
      const backend = createKeyBackend(orm.em, {
        kind: 'pkcs11',
        modulePath: token.modulePath,
        tokenLabel: token.tokenLabel,
        pin: token.pin,
      });
      return { backend, close: () => backend.close() };
    },
  },
];
