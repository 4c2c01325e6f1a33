import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type Config, DataProtector, dataProtectionKeys } from '@tessera/kit';
import { hierarchyFromFiles } from './authority/ca-import-files';
import type { KeyBackend } from './keys/key-backend';
import { createKeyBackend, type KeyBackendSettings } from './keys/key-backend-settings';
import { keyEncryptionKeyFile } from './keys/software/key-encryption-key-file';
import type { PkiOptions } from './pki';

/**
 * The key backend of the configuration. Production refuses a software backend without a configured
 * key-encryption key: a generated key file beside the data would protect nothing.
 */
export function keyBackendSettings(config: Config): KeyBackendSettings {
  const { certificate } = config;
  if (certificate.keyBackend === 'pkcs11') {
    const { modulePath, tokenLabel, pin, sessions } = certificate.pkcs11;
    if (!tokenLabel || !pin)
      throw new Error('certificate: CA_PKCS11_TOKEN_LABEL and CA_PKCS11_PIN are required with CA_KEY_BACKEND=pkcs11');
    return { kind: 'pkcs11', modulePath, tokenLabel, pin, sessions };
  }
  const previousKeyEncryptionKeys = certificate.previousKeyEncryptionKeys.map((key) => Buffer.from(key, 'base64'));
  if (certificate.keyEncryptionKey) {
    return {
      kind: 'software',
      keyEncryptionKey: Buffer.from(certificate.keyEncryptionKey, 'base64'),
      previousKeyEncryptionKeys,
    };
  }
  if (config.env === 'production') {
    throw new Error('certificate: CA_KEY_ENCRYPTION_KEY is required in production with the software key backend');
  }
  return {
    kind: 'software',
    keyEncryptionKey: keyEncryptionKeyFile(path.join(config.database.dataDir, 'certificate', 'key-encryption.key')),
    previousKeyEncryptionKeys,
  };
}

export function keyBackendOf(em: EntityManager, config: Config): KeyBackend {
  return createKeyBackend(em, keyBackendSettings(config));
}

/**
 * The key management centre's key-encryption key (CT-1 dual certificates): the configured one, or
 * in development a generated one kept beside the CA's. Production without one runs no KMC:
 * escrowed keys and the key that opens them are never stored together.
 */
export function kmcKeyEncryptionKey(config: Config): Buffer | undefined {
  const configured = config.certificate.kmcKeyEncryptionKey;
  if (configured) return Buffer.from(configured, 'base64');
  if (config.env === 'production') return undefined;
  return keyEncryptionKeyFile(path.join(config.database.dataDir, 'certificate', 'kmc-key-encryption.key'));
}

/** The KMC keys the current one replaced (KMC_PREVIOUS_KEY_ENCRYPTION_KEYS), opening what they sealed until re-sealed. */
export function kmcPreviousKeyEncryptionKeys(config: Config): Buffer[] {
  return config.certificate.kmcPreviousKeyEncryptionKeys.map((key) => Buffer.from(key, 'base64'));
}

/**
 * The import of an existing issuing CA on first start (CA_IMPORT_*), checked now and read from its
 * files only when a start finds no hierarchy.
 */
export function caImport(config: Config): PkiOptions['imported'] {
  const settings = config.certificate.import;
  if (!settings) return undefined;
  const { certificatesFile, keyFile, keyLabel } = settings;
  if (!certificatesFile)
    throw new Error('certificate: CA_IMPORT_KEY and CA_IMPORT_KEY_LABEL need CA_IMPORT_CERTIFICATES');
  if (Boolean(keyFile) === Boolean(keyLabel)) {
    throw new Error('certificate: CA_IMPORT_CERTIFICATES needs exactly one of CA_IMPORT_KEY and CA_IMPORT_KEY_LABEL');
  }
  if (keyLabel && config.certificate.keyBackend !== 'pkcs11') {
    throw new Error('certificate: CA_IMPORT_KEY_LABEL names a key on the token: it needs CA_KEY_BACKEND=pkcs11');
  }
  return () => hierarchyFromFiles({ certificatesFile, keyFile, keyLabel });
}

/** The CA's settings from the configuration module. */
export function pkiOptions(config: Config): PkiOptions {
  const { certificate } = config;
  return {
    publicUrl: certificate.publicUrl ?? new URL(config.services.certificate.url).origin,
    imported: caImport(config),
    hierarchies: certificate.hierarchies,
    algorithm: certificate.keyAlgorithm,
    certificateValidityDays: certificate.certificateValidityDays,
    enrollmentCodeValidityDays: certificate.enrollmentCodeValidityDays,
    crlValidityHours: certificate.crlValidityHours,
    tsaPolicy: certificate.tsaPolicy,
    identityExtensions: certificate.gmIdentityExtensions,
    // Only a person's ID number on its way into a certificate is sealed here; production needs the keys.
    dataProtector: certificate.gmIdentityExtensions ? new DataProtector(dataProtectionKeys(config)) : undefined,
  };
}
