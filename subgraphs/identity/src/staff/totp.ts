import { authenticator } from 'otplib';

/** RFC 6238 time-based one-time passwords (30 s steps, 6 digits, SHA-1: what authenticator apps use). */
export const totp = {
  newSecret(): string {
    return authenticator.generateSecret();
  },
  /** Accepts the current step and the one before, for clocks a little behind. */
  check(code: string, secret: string): boolean {
    return authenticator.clone({ window: [1, 0] }).check(code.trim(), secret);
  },
  /** The `otpauth://` URI an authenticator app scans. */
  uri(account: string, secret: string): string {
    return authenticator.keyuri(account, 'Tessera', secret);
  },
};
