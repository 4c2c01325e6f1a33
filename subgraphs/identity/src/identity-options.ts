import { createHash } from 'node:crypto';
import type { Config } from '@tessera/kit';
import { type DataProtectionKeys, parseDataProtectionKeys } from './protection/data-protector';

/** The identity subgraph's settings, from the configuration module. */
export interface IdentityOptions {
  dataKeys: DataProtectionKeys;
  /** The banks' platform; unset runs the sandbox bank in-process (development only). */
  bankVerifierUrl?: string;
  bankVerifierTimeoutMs: number;
  /** Unset keeps messages in the outbox and prints them to the log. */
  smsGatewayUrl?: string;
  /** Development and browser tests: the text every captcha shows. */
  captchaTestAnswer?: string;
  /** End of sign-in by ID number (ID-11). */
  legacyIdSignInUntil: Date;
  registrationFlowTtlSeconds: number;
}

/**
 * A fixed development key, derived from a public string: it lets `npm start` reopen data sealed
 * in an earlier run. Production must set real keys.
 */
function developmentKeys(): DataProtectionKeys {
  const derive = (label: string) => createHash('sha256').update(`tessera development ${label}`).digest();
  return parseDataProtectionKeys(
    `dev:${derive('data encryption key').toString('base64')}`,
    derive('data index key').toString('base64'),
  );
}

/**
 * The identity options of a configuration. Production refuses to start on the public development
 * keys or the sandbox bank: personal data would be sealed with a known key, and identities
 * "verified" against synthetic accounts.
 */
export function identityOptions(config: Config): IdentityOptions {
  const { identity } = config;
  const configuredKeys = identity.dataEncryptionKeys && identity.dataIndexKey;
  if (config.env === 'production' && identity.captchaTestAnswer) {
    throw new Error('identity: CAPTCHA_TEST_ANSWER must not be set in production');
  }
  if (config.env === 'production' && (!configuredKeys || !identity.bankVerifierUrl)) {
    throw new Error(
      'identity: DATA_ENCRYPTION_KEYS, DATA_INDEX_KEY and BANK_VERIFIER_URL must be configured in production',
    );
  }
  return {
    dataKeys: configuredKeys
      ? parseDataProtectionKeys(identity.dataEncryptionKeys as string, identity.dataIndexKey as string)
      : developmentKeys(),
    bankVerifierUrl: identity.bankVerifierUrl,
    bankVerifierTimeoutMs: identity.bankVerifierTimeoutMs,
    smsGatewayUrl: identity.smsGatewayUrl,
    captchaTestAnswer: identity.captchaTestAnswer,
    legacyIdSignInUntil: identity.legacyIdLoginUntil,
    registrationFlowTtlSeconds: identity.registrationFlowTtlSeconds,
  };
}
