import * as pkcs11js from 'pkcs11js';

const loaded = new Map<string, pkcs11js.PKCS11>();

/**
 * The PKCS#11 library of `modulePath`, loaded and initialised once per process. OS locking is
 * required: without it, concurrent signing crashed Node. A module someone else in the process
 * already initialised answers CKR_CRYPTOKI_ALREADY_INITIALIZED, which is as good.
 */
export function pkcs11Module(modulePath: string): pkcs11js.PKCS11 {
  const existing = loaded.get(modulePath);
  if (existing) return existing;
  const module = new pkcs11js.PKCS11();
  module.load(modulePath);
  try {
    module.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
  } catch (error) {
    if (!isPkcs11Error(error, pkcs11js.CKR_CRYPTOKI_ALREADY_INITIALIZED)) throw error;
  }
  loaded.set(modulePath, module);
  return module;
}

export function isPkcs11Error(error: unknown, code: number): boolean {
  return error instanceof pkcs11js.Pkcs11Error && error.code === code;
}
