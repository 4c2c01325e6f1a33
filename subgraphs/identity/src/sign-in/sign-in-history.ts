import { randomUUID } from 'node:crypto';
import type { Statement } from '@tessera/kit';

/** Outcomes of a sign-in attempt on a known account, as the history administrators read shows them (ID-18). */
export type SignInOutcomeRecord =
  | 'success'
  | 'wrong_password'
  | 'wrong_totp'
  | 'locked'
  | 'password_change_required'
  /** A unit account an administrator disabled tried to sign in with a certificate (issue 15). */
  | 'disabled';

/** A sign-in history entry as a statement, to commit with the session it opened. */
export function recordingSignIn(userId: string, method: string, outcome: SignInOutcomeRecord, at: Date): Statement {
  return {
    sql: 'insert into "identity"."sign_in_event" ("id", "user_id", "method", "outcome", "at") values (?, ?, ?, ?, ?)',
    params: [randomUUID(), userId, method, outcome, at],
  };
}
