import type { EntityManager } from '@mikro-orm/postgresql';
import type { KeyBackend } from './key-backend';
import { Pkcs11KeyBackend } from './pkcs11/pkcs11-key-backend';
import { SoftwareKeyBackend } from './software/software-key-backend';

/** Which backend holds the CA keys: chosen by configuration, invisible to the CA code. */
export type KeyBackendSettings =
  | { kind: 'software'; keyEncryptionKey: Buffer }
  | { kind: 'pkcs11'; modulePath: string; tokenLabel: string; pin: string; sessions?: number };

export function createKeyBackend(em: EntityManager, settings: KeyBackendSettings): KeyBackend {
  return settings.kind === 'software'
    ? new SoftwareKeyBackend({ em, keyEncryptionKey: settings.keyEncryptionKey })
    : new Pkcs11KeyBackend(settings);
}
