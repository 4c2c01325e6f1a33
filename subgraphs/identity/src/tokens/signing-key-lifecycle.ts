/**
 * The life of a key that signs access tokens. Verifiers cache identity's JWKS, so a key is
 * published before it signs and stays published after it stops, until the last token it signed
 * has expired; only then does it leave the JWKS and its private half is erased.
 */
export type SigningKeyState = 'next' | 'active' | 'retiring' | 'retired';

export type SigningKeyEvent = 'publish' | 'activate' | 'supersede' | 'retire';

export interface SigningKeyTransition {
  from: SigningKeyState | null;
  event: SigningKeyEvent;
  to: SigningKeyState;
  when: string;
}

/** The lifecycle as a table: the only moves `SigningKeys` makes (and the README shows). */
export const signingKeyTransitions: readonly SigningKeyTransition[] = [
  {
    from: null,
    event: 'publish',
    to: 'next',
    when: 'the active key reaches AUTH_SIGNING_KEY_ROTATION_DAYS within the pre-publication period, or an administrator asks (rotateSigningKey)',
  },
  { from: 'next', event: 'activate', to: 'active', when: 'its pre-publication period is over (activateAt)' },
  { from: 'active', event: 'supersede', to: 'retiring', when: 'the next key activates' },
  { from: 'retiring', event: 'retire', to: 'retired', when: 'the last token it signed has expired' },
];

/** States whose public key is in the JWKS. */
export const publishedStates: readonly SigningKeyState[] = ['next', 'active', 'retiring'];

export interface SigningKeyPolicy {
  /** AUTH_SIGNING_KEY_ROTATION_DAYS; 0: only when an administrator asks. */
  rotationDays: number;
  /** Longest time a verifier may use an old copy of the JWKS (AUTH_JWKS_CACHE_SECONDS). */
  jwksCacheMs: number;
  /** How long identity itself serves one reading of the key set. */
  keySetMemoMs: number;
  /** Longest lifetime of a token identity signs. */
  maxTokenTtlMs: number;
  /** Allowance for clocks that disagree between identity replicas and verifiers. */
  clockLeewayMs: number;
}

/**
 * How long a key is published before it signs: every verifier's cached JWKS (and identity's
 * own reading of it) must have been refreshed since, so none meets a token whose key it lacks.
 */
export function prePublicationMs(policy: SigningKeyPolicy): number {
  return policy.jwksCacheMs + policy.keySetMemoMs + policy.clockLeewayMs;
}

/** When a retiring key leaves the JWKS: its last token, signed just before its successor took over, has expired. */
export function retiresAt(retiringAt: Date, policy: SigningKeyPolicy): Date {
  return new Date(retiringAt.getTime() + policy.maxTokenTtlMs + policy.clockLeewayMs);
}

/** When the active key is due to be replaced (undefined: rotation only on request). */
export function rotationDueAt(activateAt: Date, policy: SigningKeyPolicy): Date | undefined {
  return policy.rotationDays > 0 ? new Date(activateAt.getTime() + policy.rotationDays * 86_400_000) : undefined;
}

/**
 * The policy of a configuration: identity reads its key set at most once a minute (or as often as
 * verifiers refetch theirs, if more often), and allows a minute for clocks.
 */
export function signingKeyPolicy(settings: {
  rotationDays: number;
  jwksCacheMs: number;
  maxTokenTtlMs: number;
}): SigningKeyPolicy {
  return { ...settings, keySetMemoMs: Math.min(60_000, settings.jwksCacheMs), clockLeewayMs: 60_000 };
}

/** How often every replica checks the table: several times within a pre-publication period. */
export function checkIntervalMs(policy: SigningKeyPolicy): number {
  return Math.min(60_000, Math.floor(prePublicationMs(policy) / 4));
}
