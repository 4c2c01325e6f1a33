import * as asn1js from 'asn1js';
import {
  type IdentityExtensionName,
  identityCodeTags,
  identityExtensionOids,
  identityValueRules,
  isPrintable,
  residentIdCard,
} from '../profiles/identity-extensions';
import type { CertificateLint, ExtensionView } from './certificate-lints';

const names = Object.keys(identityExtensionOids) as IdentityExtensionName[];

/** The string an extension carries and its ASN.1 form, read by asn1js (not by the factory's DER writer). */
interface Decoded {
  value: string;
  /** The IdentityCode alternative; undefined for the plain PrintableString numbers. */
  tag?: number;
}

/** extnValue's contents of an Extension DER. */
function extensionValue(extension: ExtensionView): ArrayBuffer | string {
  const parsed = asn1js.fromBER(extension.rawData);
  const parts = parsed.offset === -1 ? [] : (parsed.result as asn1js.Sequence).valueBlock.value;
  const octets = parts[parts.length - 1];
  if (!(octets instanceof asn1js.OctetString)) return 'extnValue is not an OCTET STRING';
  return new Uint8Array(octets.valueBlock.valueHexView).buffer;
}

/** One element filling `der` exactly, or why not. */
function single(der: ArrayBuffer): asn1js.AsnType | string {
  const parsed = asn1js.fromBER(der);
  if (parsed.offset === -1 || parsed.offset !== der.byteLength) return 'not a single DER element';
  return parsed.result;
}

function decode(name: IdentityExtensionName, extension: ExtensionView): Decoded | string {
  const der = extensionValue(extension);
  if (typeof der === 'string') return der;
  const element = single(der);
  if (typeof element === 'string') return element;
  if (name !== 'identityCode') {
    return element instanceof asn1js.PrintableString ? { value: element.valueBlock.value } : 'not a PrintableString';
  }
  // IdentityCode ::= CHOICE { [0] PrintableString, [1] UTF8String, [2] PrintableString }, EXPLICIT.
  const { tagClass, tagNumber } = element.idBlock;
  const inner = element instanceof asn1js.Constructed ? element.valueBlock.value : [];
  const expected =
    tagNumber === identityCodeTags.militaryOfficerCardNumber ? asn1js.Utf8String : asn1js.PrintableString;
  if (tagClass !== 3 || tagNumber > 2 || inner.length !== 1 || !(inner[0] instanceof expected)) {
    return 'not an IdentityCode [0] PrintableString, [1] UTF8String or [2] PrintableString (EXPLICIT)';
  }
  return { value: (inner[0] as asn1js.PrintableString).valueBlock.value, tag: tagNumber };
}

/** What is wrong with one GM/T 0015 extension, present or expected. */
function problem(
  name: IdentityExtensionName,
  present: ExtensionView[],
  expected: string | { tag: number; value: string } | undefined,
): string | undefined {
  if (present.length > 1) return `${name} appears ${present.length} times`;
  const [extension] = present;
  if (!extension) return expected === undefined ? undefined : `${name} missing`;
  if (expected === undefined) return `${name} present but not expected`;
  if (extension.critical) return `${name} is critical`;
  const decoded = decode(name, extension);
  if (typeof decoded === 'string') return `${name}: ${decoded}`;
  const { min, max } = identityValueRules[name];
  if (decoded.value.length < min || decoded.value.length > max) {
    return `${name} has ${decoded.value.length} characters (${min}..${max})`;
  }
  if (decoded.tag !== identityCodeTags.militaryOfficerCardNumber && !isPrintable(decoded.value)) {
    return `${name} is not printable`;
  }
  if (decoded.tag === identityCodeTags.residenterCardNumber && !residentIdCard.test(decoded.value)) {
    return `${name} [0] is not a resident ID card number (GB 11643)`;
  }
  const wanted = typeof expected === 'string' ? { value: expected, tag: undefined } : expected;
  if (decoded.value !== wanted.value || decoded.tag !== wanted.tag) return `${name} differs from the RA's data`;
  return undefined;
}

/**
 * GM/T 0015 identity extensions (profiles/identity-extensions.ts): each non-critical, once, of its
 * ASN.1 type and size, saying exactly what the RA's data says; none where the profile setting is
 * off or the subscriber has no such number.
 */
export const identityExtensionLint: CertificateLint = {
  id: 'e_gmt0015_identity_extensions',
  check: ({ certificate, identity }) => {
    for (const name of names) {
      const oid = identityExtensionOids[name];
      const present = certificate.extensions.filter((candidate) => candidate.type === oid);
      const found = problem(name, present, identity?.[name]);
      if (found) return found;
    }
    return undefined;
  },
};
