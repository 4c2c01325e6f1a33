import { AsnConvert, AsnIntegerArrayBufferConverter, AsnProp, AsnPropTypes } from '@peculiar/asn1-schema';

/** `ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }` (RFC 3279). */
class EcdsaSigValue {
  @AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerArrayBufferConverter })
  r = new ArrayBuffer(0);

  @AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerArrayBufferConverter })
  s = new ArrayBuffer(0);
}

/** PKCS#11 returns ECDSA signatures as raw r||s; X.509 wants the DER `ECDSA-Sig-Value`. */
export function rawEcdsaToDer(raw: Buffer): Buffer {
  const half = raw.length / 2;
  const value = new EcdsaSigValue();
  value.r = unsignedInteger(raw.subarray(0, half));
  value.s = unsignedInteger(raw.subarray(half));
  return Buffer.from(AsnConvert.serialize(value));
}

/** An ASN.1 INTEGER body for an unsigned big-endian number: no leading zeros, a 0x00 before a high bit. */
function unsignedInteger(bytes: Buffer): ArrayBuffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  const body = (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : Buffer.from(trimmed);
  return new Uint8Array(body).buffer;
}
