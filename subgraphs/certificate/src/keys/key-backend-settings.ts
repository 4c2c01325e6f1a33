import type { EntityManager } from '@mikro-orm/postgresql';
import type { KeyBackend } from './key-backend';
import type { Pkcs11KeyBackend } from './pkcs11/pkcs11-key-backend';
import { SoftwareKeyBackend } from './software/software-key-backend';

/** Which backend holds the CA keys: chosen by configuration, invisible to the CA code. */
export type KeyBackendSettings =
  | { kind: 'software'; keyEncryptionKey: Buffer; previousKeyEncryptionKeys?: Buffer[] }
  | { kind: 'pkcs11'; modulePath: string; tokenLabel: string; pin: string; sessions?: number };

export function createKeyBackend(em: EntityManager, settings: KeyBackendSettings): KeyBackend {
  if (settings.kind === 'software') return new SoftwareKeyBackend({ em, ...settings });
  const { Pkcs11KeyBackend: Backend } = loadPkcs11Backend();
  return new Backend(settings);
}

/**
 * The PKCS#11 backend and its native binding (pkcs11js, an optional dependency built by node-gyp)
 * are loaded only when configured, so the embedded default installs and runs without a C++ toolchain.
 */
function loadPkcs11Backend(): { Pkcs11KeyBackend: typeof Pkcs11KeyBackend } {
  try {
    return require('./pkcs11/pkcs11-key-backend');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && String(error).includes('pkcs11js')) {
      throw new Error(
        'CA_KEY_BACKEND=pkcs11 needs the optional native package pkcs11js, which is not installed: ' +
          'install a C++ toolchain (python3, make, g++) and run `npm install` again, or use CA_KEY_BACKEND=software',
      );
    }
    throw error;
  }
}
