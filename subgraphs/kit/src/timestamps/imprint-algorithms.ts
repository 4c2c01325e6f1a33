/** A hash a time-stamp imprint may use: the Node name and the digest length. */
export interface ImprintAlgorithm {
  name: 'sha256' | 'sha384' | 'sha512' | 'sm3';
  length: number;
}

/**
 * The message-imprint hashes Tessera's TSA stamps and its verifier reads, by OID: SHA-2 (RFC 5754) and
 * SM3 (GM/T 0004, 1.2.156.10197.1.401). SHA-1 and anything else are refused (badAlg).
 */
export const imprintAlgorithms: Readonly<Record<string, ImprintAlgorithm>> = {
  '2.16.840.1.101.3.4.2.1': { name: 'sha256', length: 32 },
  '2.16.840.1.101.3.4.2.2': { name: 'sha384', length: 48 },
  '2.16.840.1.101.3.4.2.3': { name: 'sha512', length: 64 },
  '1.2.156.10197.1.401': { name: 'sm3', length: 32 },
};

/** The OID of a hash by its Node name (the digest algorithm a CMS signer info names). */
export function imprintAlgorithmOid(name: ImprintAlgorithm['name']): string {
  const found = Object.entries(imprintAlgorithms).find(([, algorithm]) => algorithm.name === name);
  if (!found) throw new Error(`no OID for hash ${name}`);
  return found[0];
}
