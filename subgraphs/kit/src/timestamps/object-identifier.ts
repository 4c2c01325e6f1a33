import * as asn1js from 'asn1js';

/**
 * The dotted text of an OBJECT IDENTIFIER's content octets (X.690 §8.19), with arcs of any size: asn1js writes an
 * arc beyond 2^53 (a UUID arc under 2.25, like Tessera's policy arc) as `{hex}`, which no other tool reads.
 */
export function objectIdentifierText(content: Uint8Array): string {
  const arcs: bigint[] = [];
  let arc = 0n;
  for (const byte of content) {
    arc = (arc << 7n) | BigInt(byte & 0x7f);
    if (!(byte & 0x80)) {
      arcs.push(arc);
      arc = 0n;
    }
  }
  const [first = 0n, ...rest] = arcs;
  const head = first < 80n ? [first / 40n, first % 40n] : [2n, first - 80n];
  return [...head, ...rest].join('.');
}

/** The dotted text of the OBJECT IDENTIFIER at `index` in the SEQUENCE `der`; undefined when that element is none. */
export function objectIdentifierAt(der: Buffer, index: number): string | undefined {
  const sequence = asn1js.fromBER(new Uint8Array(der)).result as asn1js.Sequence;
  const element = sequence.valueBlock?.value?.[index];
  if (!(element instanceof asn1js.ObjectIdentifier)) return undefined;
  const encoded = new Uint8Array(element.valueBeforeDecodeView);
  return objectIdentifierText(encoded.subarray(element.idBlock.blockLength + element.lenBlock.blockLength));
}
