/** DER encoding by hand for the hot paths (certificates, CRLs); tests compare the bytes with @peculiar/asn1-x509. */

/** A DER tag and definite length. */
export function derHeader(tag: number, length: number): Buffer {
  if (length < 0x80) return Buffer.from([tag, length]);
  const octets: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256);
  return Buffer.from([tag, 0x80 | octets.length, ...octets]);
}

/** A tag-length-value whose value is `parts` one after another. */
export function derElement(tag: number, ...parts: Buffer[]): Buffer {
  let length = 0;
  for (const part of parts) length += part.length;
  const head = derHeader(tag, length);
  return Buffer.concat([head, ...parts], head.length + length);
}

/** RFC 5280 §4.1.2.5 Time, whole seconds: UTCTime through 2049, GeneralizedTime from 2050. */
export function derTime(date: Date): Buffer {
  const year = date.getUTCFullYear();
  const two = (value: number) => String(value).padStart(2, '0');
  const digits =
    (year < 2050 ? two(year % 100) : String(year).padStart(4, '0')) +
    two(date.getUTCMonth() + 1) +
    two(date.getUTCDate()) +
    two(date.getUTCHours()) +
    two(date.getUTCMinutes()) +
    two(date.getUTCSeconds());
  return derElement(year < 2050 ? 0x17 : 0x18, Buffer.from(`${digits}Z`, 'latin1'));
}
