import type { OutboxKind } from './outbox-message.entity';

/**
 * What an answer of the certificate subgraph means for the call the RA owes it (RA item 12):
 * `delivered` (the owed effect holds), `retry` (try again later) or `failed` (it can never succeed:
 * an operator must look at it; the dispatcher does not try again on its own).
 */
export type CaAnswer =
  | { outcome: 'delivered' }
  | { outcome: 'retry'; code: string | null }
  | { outcome: 'failed'; code: string };

/**
 * Refusals that mean the call already took effect, so a repeat after a lost answer is success
 * (each kind recognises only its own; an unlock repeat is answered by the CA as a success).
 */
export const alreadyDone: Readonly<Record<OutboxKind, readonly string[]>> = {
  create_enrollment: [],
  revoke_certificate: ['CERTIFICATE_ALREADY_REVOKED'],
  suspend_certificate: ['CERTIFICATE_ALREADY_SUSPENDED'],
  release_certificate: ['CERTIFICATE_NOT_SUSPENDED'],
  unlock_ekey: [],
};

/**
 * Typed answers that say nothing about the call itself: the CA or a service it needs is down or
 * busy, our service token is being renewed, or a concurrent write won. Any other typed (domain)
 * answer is a permanent refusal.
 */
export const transientCodes: ReadonlySet<string> = new Set([
  'SERVICE_UNAVAILABLE',
  'INTERNAL_SERVER_ERROR',
  'UNAUTHENTICATED',
  'INVALID_TOKEN',
  'SESSION_ENDED',
  'CONFLICT',
  'CERTIFICATE_STATUS_RATE_LIMITED',
]);

/** The `extensions.code` of each GraphQL error in an answer (graphql-request's `ClientError`). */
export function answerCodes(error: unknown): (string | null)[] {
  const errors = (error as { response?: { errors?: { extensions?: { code?: unknown } }[] } } | null)?.response?.errors;
  return (errors ?? []).map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : null));
}

/**
 * Classifies a failed call. Transport failures (refused connection, timeout, an HTTP 5xx without a
 * GraphQL answer) and untyped errors are transient; a typed refusal is permanent unless it is one of
 * `transientCodes`, and counts as delivered when it is one of the kind's `alreadyDone` codes.
 */
export function classifyAnswer(kind: OutboxKind, error: unknown): CaAnswer {
  const codes = answerCodes(error);
  if (codes.length === 0) return { outcome: 'retry', code: null };
  if (codes.every((code) => code !== null && alreadyDone[kind].includes(code))) return { outcome: 'delivered' };
  const transient = codes.find((code) => code === null || transientCodes.has(code));
  if (transient !== undefined) return { outcome: 'retry', code: transient };
  const refusal = codes.find((code) => code !== null && !alreadyDone[kind].includes(code)) as string;
  return { outcome: 'failed', code: refusal };
}
