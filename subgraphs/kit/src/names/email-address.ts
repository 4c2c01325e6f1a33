import { normaliseDnsName } from './dns-name';

/** RFC 5321 dot-atom local part, ASCII only: an rfc822Name is an IA5String (RFC 5280 §4.2.1.6). */
const localPart = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

/**
 * An email address as a certificate's rfc822Name carries it: the local part kept as written (it is
 * case-sensitive), the domain lowercase and in A-labels. Undefined when `input` is not one.
 */
export function normaliseEmailAddress(input: string): string | undefined {
  const trimmed = input.trim();
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at > 64 || trimmed.length > 254) return undefined;
  const local = trimmed.slice(0, at);
  const domain = normaliseDnsName(trimmed.slice(at + 1));
  return localPart.test(local) && domain ? `${local}@${domain}` : undefined;
}
