import { revocationReasons } from '../revocation/revocation-reason';

/** One line of a CRL: a revoked (or held) certificate of the CA. */
export interface RevokedEntry {
  /** Hex magnitude of the serial, as stored. */
  serialNumber: string;
  revokedAt: Date;
  reason: keyof typeof revocationReasons;
}

/** `SEQUENCE { extnID id-ce-cRLReasons, extnValue OCTET STRING { ENUMERATED code } }` inside Extensions, code last. */
const reasonExtensions = Buffer.from([0x30, 0x0c, 0x30, 0x0a, 0x06, 0x03, 0x55, 0x1d, 0x15, 0x04, 0x03, 0x0a, 0x01, 0]);

/**
 * The DER `revokedCertificates` SEQUENCE OF of RFC 5280 §5.1.2.6, written by hand because it is the
 * one part of a CRL that grows with the CA (asn1js needed ~40 s for 110,000 entries). Each entry is
 * `SEQUENCE { userCertificate INTEGER, revocationDate Time, crlEntryExtensions OPTIONAL }` with only
 * a reasonCode extension, left out for `unspecified` (§5.3.1). A test compares the bytes with
 * @peculiar/asn1-x509's encoding. Returns undefined for an empty list, which RFC 5280 leaves out.
 */
export function encodeRevokedCertificates(entries: readonly RevokedEntry[]): Buffer | undefined {
  if (entries.length === 0) return undefined;
  const serials = entries.map((entry) => serialBody(entry.serialNumber));
  let total = 0;
  for (const serial of serials) total += entryBodyLength(serial) + 4; // entry header, up to 4 octets
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (let i = 0; i < entries.length; i++) at = writeEntry(out, at, entries[i] as RevokedEntry, serials[i] as Buffer);
  const outer = header(0x30, at);
  return Buffer.concat([outer, out.subarray(0, at)], outer.length + at);
}

/** The longest entry body: INTEGER header and serial, Time (2 + 15), reason extensions. */
function entryBodyLength(serial: Buffer): number {
  return headerLength(serial.length) + serial.length + 17 + reasonExtensions.length;
}

function writeEntry(out: Buffer, start: number, entry: RevokedEntry, serial: Buffer): number {
  const year = entry.revokedAt.getUTCFullYear();
  // UTCTime through 2049, GeneralizedTime from 2050 (§4.1.2.5).
  const timeLength = year < 2050 ? 13 : 15;
  const code = revocationReasons[entry.reason];
  const body = headerLength(serial.length) + serial.length + 2 + timeLength + (code ? reasonExtensions.length : 0);
  let at = writeHeader(out, start, 0x30, body);
  at = writeHeader(out, at, 0x02, serial.length);
  at += serial.copy(out, at);
  out[at++] = year < 2050 ? 0x17 : 0x18;
  out[at++] = timeLength;
  at = writeTime(out, at, entry.revokedAt, year < 2050);
  if (code) {
    at += reasonExtensions.copy(out, at);
    out[at - 1] = code;
  }
  return at;
}

/** `YYMMDDHHMMSSZ` (short) or `YYYYMMDDHHMMSSZ`, whole seconds, UTC, as ASCII digits. */
function writeTime(out: Buffer, start: number, date: Date, short: boolean): number {
  let at = start;
  const two = (value: number) => {
    out[at++] = 0x30 + Math.floor(value / 10);
    out[at++] = 0x30 + (value % 10);
  };
  const year = date.getUTCFullYear();
  if (!short) two(Math.floor(year / 100));
  two(year % 100);
  two(date.getUTCMonth() + 1);
  two(date.getUTCDate());
  two(date.getUTCHours());
  two(date.getUTCMinutes());
  two(date.getUTCSeconds());
  out[at++] = 0x5a; // Z
  return at;
}

/** The INTEGER body of a positive serial: minimal octets, a 0x00 first when the top bit is set. */
function serialBody(hex: string): Buffer {
  let bytes = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  bytes = bytes.subarray(start);
  if (bytes.length === 0) return Buffer.from([0]);
  return (bytes[0] as number) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
}

function headerLength(length: number): number {
  return length < 0x80 ? 2 : length < 0x100 ? 3 : 4;
}

/** A DER tag and definite length (below 65,536) written at `at`. */
function writeHeader(out: Buffer, start: number, tag: number, length: number): number {
  let at = start;
  out[at++] = tag;
  if (length >= 0x100) {
    out[at++] = 0x82;
    out[at++] = length >> 8;
  } else if (length >= 0x80) {
    out[at++] = 0x81;
  }
  out[at++] = length & 0xff;
  return at;
}

/** A DER tag and definite length. */
export function header(tag: number, length: number): Buffer {
  if (length < 0x80) return Buffer.from([tag, length]);
  const octets: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256);
  return Buffer.from([tag, 0x80 | octets.length, ...octets]);
}
