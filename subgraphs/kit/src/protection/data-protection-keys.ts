import { createHash } from 'node:crypto';
import type { Config } from '../config/config';
import { type DataProtectionKeys, parseDataProtectionKeys } from './data-protector';

/**
 * A fixed development key, derived from a public string: it lets `npm start` reopen data sealed
 * in an earlier run. Production must set real keys.
 */
export function developmentDataProtectionKeys(): DataProtectionKeys {
  const derive = (label: string) => createHash('sha256').update(`tessera development ${label}`).digest();
  return parseDataProtectionKeys(
    `dev:${derive('data encryption key').toString('base64')}`,
    derive('data index key').toString('base64'),
  );
}

/**
 * The keys sealing personal data at rest (ID-8) in every subgraph that keeps some (identity, the
 * RA). Production refuses to start on the public development keys: personal data would be sealed
 * with a known key.
 */
export function dataProtectionKeys(config: Config): DataProtectionKeys {
  const { encryptionKeys, indexKey } = config.dataProtection;
  if (encryptionKeys && indexKey) return parseDataProtectionKeys(encryptionKeys, indexKey);
  if (config.env === 'production') {
    throw new Error('DATA_ENCRYPTION_KEYS and DATA_INDEX_KEY must be configured in production');
  }
  return developmentDataProtectionKeys();
}
