import { type Config, type DataProtectionKeys, dataProtectionKeys } from '@tessera/kit';

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
  /** Production: business systems' sign-in, sign-out, logout and key addresses must use https. */
  httpsOnlyClientUris: boolean;
}

/**
 * The identity options of a configuration. Production refuses to start on the public development
 * keys or the sandbox bank: personal data would be sealed with a known key, and identities
 * "verified" against synthetic accounts.
 */
export function identityOptions(config: Config): IdentityOptions {
  const { identity } = config;
  if (config.env === 'production' && identity.captchaTestAnswer) {
    throw new Error('identity: CAPTCHA_TEST_ANSWER must not be set in production');
  }
  const dataKeys = dataProtectionKeys(config);
  if (config.env === 'production' && !identity.bankVerifierUrl) {
    throw new Error('identity: BANK_VERIFIER_URL must be configured in production');
  }
  const issuer = new URL(config.publicUrl);
  if (config.env === 'production' && (issuer.protocol !== 'https:' || issuer.pathname !== '/')) {
    throw new Error(
      'identity: PUBLIC_URL must be the https origin of the gateway in production (it is the OpenID Connect issuer)',
    );
  }
  return {
    dataKeys,
    bankVerifierUrl: identity.bankVerifierUrl,
    bankVerifierTimeoutMs: identity.bankVerifierTimeoutMs,
    smsGatewayUrl: identity.smsGatewayUrl,
    captchaTestAnswer: identity.captchaTestAnswer,
    legacyIdSignInUntil: identity.legacyIdLoginUntil,
    registrationFlowTtlSeconds: identity.registrationFlowTtlSeconds,
    httpsOnlyClientUris: config.env === 'production',
  };
}
