import { timingSafeEqual } from 'node:crypto';
import type { DataProtector } from '@tessera/kit';

/**
 * A business system's secret is kept only as this keyed hash (ID-17): what the client-credentials
 * endpoint, the OpenID Connect provider and the demo data all store and compare.
 */
export function clientSecretDigest(protector: DataProtector, secret: string): string {
  return protector.digest('client-secret', secret);
}

/** Whether `presented` is the secret whose keyed hash is `digest`, compared in constant time. */
export function clientSecretMatches(protector: DataProtector, digest: string | null | undefined, presented: string) {
  const expected = Buffer.from(digest ?? '', 'hex');
  const given = Buffer.from(clientSecretDigest(protector, presented), 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
