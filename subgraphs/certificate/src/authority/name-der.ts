import type { Name as AsnName, AttributeValue } from '@peculiar/asn1-x509';
import type { Name } from '@peculiar/x509';
import { derElement } from './der-writer';

/**
 * The DER of a parsed distinguished name, byte for byte what `Name.toArrayBuffer()` of
 * @peculiar/x509 writes (a test compares) but without asn1js: every issuance encodes a subject.
 * Values other than the PrintableString, UTF8String and IA5String that names parsed from strings
 * hold go through the library.
 */
export function nameDer(name: Name): Buffer {
  const rdns: Buffer[] = [];
  // The parsed structure the library serializes itself (declared protected, public at run time).
  for (const rdn of (name as unknown as { asn: AsnName }).asn) {
    const pairs: Buffer[] = [];
    for (const attribute of rdn) {
      const value = stringDer(attribute.value);
      if (!value) return Buffer.from(name.toArrayBuffer());
      pairs.push(derElement(0x30, oidDer(attribute.type), value));
    }
    rdns.push(derElement(0x31, ...pairs));
  }
  return derElement(0x30, ...rdns);
}

function stringDer(value: AttributeValue): Buffer | undefined {
  const { printableString, utf8String, ia5String } = value;
  const others = [value.teletexString, value.universalString, value.bmpString, value.anyValue];
  if (others.some((other) => other !== undefined)) return undefined;
  const set = [printableString, utf8String, ia5String].filter((text) => text !== undefined);
  if (set.length !== 1 || !set[0]) return undefined;
  if (printableString) return derElement(0x13, Buffer.from(printableString, 'latin1'));
  if (utf8String) return derElement(0x0c, Buffer.from(utf8String, 'utf8'));
  return derElement(0x16, Buffer.from(ia5String as string, 'latin1'));
}

const oids = new Map<string, Buffer>();

/** An OBJECT IDENTIFIER element (X.690 §8.19), encoded once per OID. */
function oidDer(oid: string): Buffer {
  let der = oids.get(oid);
  if (!der) {
    const arcs = oid.split('.').map((arc) => BigInt(arc));
    const [first = 0n, second = 0n, ...rest] = arcs;
    const octets: number[] = [];
    for (const arc of [first * 40n + second, ...rest]) {
      const group = [Number(arc & 0x7fn)];
      for (let value = arc >> 7n; value > 0n; value >>= 7n) group.unshift(Number(value & 0x7fn) | 0x80);
      octets.push(...group);
    }
    der = derElement(0x06, Buffer.from(octets));
    oids.set(oid, der);
  }
  return der;
}
