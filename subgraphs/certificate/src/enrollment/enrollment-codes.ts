import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

/** Crockford base32: no I, L, O or U, so codes read aloud or typed from paper survive. */
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function randomCode(length: number): string {
  return Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');
}

/** 10 characters (50 bits): public, identifies the enrollment. */
export function newReferenceCode(): string {
  return randomCode(10);
}

/** 16 characters (80 bits): secret, enough that a hash without salt or stretching cannot be guessed back. */
export function newAuthorizationCode(): string {
  return randomCode(16);
}

/** Codes are compared case-insensitively and without separators people add when typing. */
export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

export function hashAuthorizationCode(code: string): Buffer {
  return createHash('sha256').update(normaliseCode(code)).digest();
}

export function authorizationCodeMatches(code: string, hash: Buffer): boolean {
  return timingSafeEqual(hashAuthorizationCode(code), hash);
}
