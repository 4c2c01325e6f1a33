import { randomBytes } from 'node:crypto';

/**
 * A random positive serial of 128 bits (CA/Browser Forum asks for at least 64 bits of entropy):
 * the DER INTEGER body (with a leading 0x00 when the top bit is set) and its hex form.
 */
export function randomSerialNumber(): { der: Buffer; hex: string } {
  let bytes = randomBytes(16);
  while (bytes[0] === 0) bytes = randomBytes(16);
  return serialNumberFromHex(bytes.toString('hex'));
}

/** The DER INTEGER body of a serial stored as hex (a serial reserved at enrollment). */
export function serialNumberFromHex(hex: string): { der: Buffer; hex: string } {
  const bytes = Buffer.from(hex, 'hex');
  const der = (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
  return { der, hex };
}

/**
 * The stored form of a serial as people type it: hex in either case, with or without colons or
 * spaces (as OpenSSL and browsers print it) and leading zeros; stored serials are the INTEGER's
 * magnitude in whole bytes, so `03016f…`, `3016F…` and `03:01:6f:…` are one serial. Undefined for
 * anything that is not hex.
 */
export function storedSerialOf(text: string): string | undefined {
  const digits = text.replace(/[\s:]/g, '').toLowerCase();
  if (!/^[0-9a-f]+$/.test(digits)) return undefined;
  const magnitude = digits.replace(/^0+/, '') || '0';
  return magnitude.length % 2 === 1 ? `0${magnitude}` : magnitude;
}
