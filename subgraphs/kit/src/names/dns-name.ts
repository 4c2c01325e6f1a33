import { domainToASCII, domainToUnicode } from 'node:url';

/** Most DNS names one certificate (and the application for it) may carry. */
export const maxDnsNames = 100;

/** One LDH label (RFC 1035 §2.3.1, RFC 5890 A-labels included): letters, digits, hyphens inside. */
const label = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** ASCII that is neither a letter, a digit, a hyphen nor a dot (other scripts go to IDNA). */
const asciiOutsideLdh = /[^\u0080-\uffffA-Za-z0-9.-]/;

export interface DnsNameRules {
  /** A leading `*.` label (RFC 6125 §6.4.3) is allowed; no other wildcard ever is. */
  wildcard?: boolean;
}

/**
 * A DNS name as certificates carry it (RFC 5280 §4.2.1.6, CT-1): lowercase, internationalised labels
 * as punycode A-labels (IDNA via the WHATWG URL host parser), LDH labels, at least two labels, a
 * top-level label that is not numeric (so no IP address), at most 253 characters. Undefined when
 * `input` is not such a name.
 */
export function normaliseDnsName(input: string, rules: DnsNameRules = {}): string | undefined {
  const trimmed = input.trim();
  const wildcard = trimmed.startsWith('*.');
  if (wildcard && !rules.wildcard) return undefined;
  const name = wildcard ? trimmed.slice(2) : trimmed;
  // The URL host parser would read `example.com/path` or `user@host` as a host: only names go in.
  if (asciiOutsideLdh.test(name)) return undefined;
  const host = domainToASCII(name);
  const labels = host.split('.');
  if (!host || host.length > 253 - (wildcard ? 2 : 0) || labels.length < 2) return undefined;
  if (!labels.every((part) => label.test(part)) || /^[0-9]+$/.test(labels.at(-1) ?? '')) return undefined;
  if (!labels.every(decodes)) return undefined;
  return wildcard ? `*.${host}` : host;
}

/**
 * An A-label (`xn--…`) must be punycode of a valid U-label that encodes back to it. Node's URL host
 * parser refuses a broken one on some versions and passes it through unchanged on others (24).
 */
function decodes(part: string): boolean {
  if (!part.startsWith('xn--')) return true;
  const unicode = domainToUnicode(part);
  return unicode !== '' && unicode !== part && domainToASCII(unicode) === part;
}

export type DnsNamesResult = { names: string[]; invalid?: undefined } | { names?: undefined; invalid: string };

/** Every name normalised, duplicates dropped in order; or the first name that is not valid. */
export function normaliseDnsNames(inputs: readonly string[], rules: DnsNameRules = {}): DnsNamesResult {
  const names: string[] = [];
  for (const input of inputs) {
    const name = normaliseDnsName(input, rules);
    if (name === undefined) return { invalid: input };
    if (!names.includes(name)) names.push(name);
  }
  if (names.length > maxDnsNames) return { invalid: inputs[maxDnsNames] ?? '' };
  return { names };
}
