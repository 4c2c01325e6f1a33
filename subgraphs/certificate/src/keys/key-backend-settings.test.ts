import type { EntityManager } from '@mikro-orm/postgresql';
import { createKeyBackend } from './key-backend-settings';

jest.mock('pkcs11js', () => {
  throw Object.assign(new Error("Cannot find module 'pkcs11js'"), { code: 'MODULE_NOT_FOUND' });
});

describe('key backend settings', () => {
  const em = {} as EntityManager;

  it('CT-4: the software backend needs no native binding', () => {
    expect(() => createKeyBackend(em, { kind: 'software', keyEncryptionKey: Buffer.alloc(32) })).not.toThrow();
  });

  it('CT-4: CA_KEY_BACKEND=pkcs11 without the optional binding says what is missing and what to do', () => {
    expect(() =>
      createKeyBackend(em, {
        kind: 'pkcs11',
        modulePath: '/usr/lib/softhsm/libsofthsm2.so',
        tokenLabel: 't',
        pin: '1',
      }),
    ).toThrow(
      /CA_KEY_BACKEND=pkcs11 needs the optional native package pkcs11js.*C\+\+ toolchain.*CA_KEY_BACKEND=software/,
    );
  });
});
