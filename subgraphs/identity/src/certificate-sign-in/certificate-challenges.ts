import { randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { executePrepared } from '@tessera/kit';
import { identityError } from '../errors';
import { CertificateChallenge } from './certificate-challenge.entity';

/** A challenge as the client gets it. */
export interface IssuedChallenge {
  id: string;
  /** Base64 of the exact bytes to sign. */
  challenge: string;
  expiresAt: Date;
}

/** Lifetime of a challenge: the time to pick a certificate and type the EKey's PIN. */
export const challengeTtlSeconds = 120;

/** The readable first line of every challenge: a signature over it means nothing anywhere else. */
export const challengePurpose = 'Tessera certificate sign-in (证书登录) v1';

/**
 * Issue 15: the challenges of certificate sign-in. Each is UTF-8 text, readable in an EKey's signing
 * prompt: the purpose line, the sign-in it is bound to, its id, 32 random bytes and its expiry. The
 * client signs exactly these bytes; the answer names the challenge by id and identity sends the stored
 * bytes on, so a client cannot choose what it signed. Spending marks the row before anything is
 * verified: a challenge signs one attempt, whatever its outcome.
 */
export class CertificateChallenges {
  constructor(
    private readonly em: EntityManager,
    private readonly ttlSeconds = challengeTtlSeconds,
  ) {}

  async issue(interactionUid?: string, now = new Date()): Promise<IssuedChallenge> {
    const id = randomUUID();
    const expiresAt = new Date(now.getTime() + this.ttlSeconds * 1000);
    const text = [
      challengePurpose,
      `for: ${interactionUid ? `single sign-on ${interactionUid}` : 'web sign-in'}`,
      `challenge: ${id}`,
      `nonce: ${randomBytes(32).toString('base64url')}`,
      `expires: ${expiresAt.toISOString()}`,
    ].join('\n');
    const challenge = Buffer.from(text, 'utf8').toString('base64');
    // One prepared statement: the unit of work's flush would wrap it in a transaction (three round trips).
    await executePrepared(this.em, {
      sql: `insert into "identity"."certificate_challenge" ("id", "challenge", "interaction_uid", "created_at", "expires_at")
            values (?, ?, ?, ?, ?)`,
      params: [id, challenge, interactionUid ?? null, now, expiresAt],
    });
    return { id, challenge, expiresAt };
  }

  /**
   * Spends the challenge for the sign-in `interactionUid` names (none: the web sign-in) and returns its
   * bytes. Refused: an unknown one or one of another sign-in (CERTIFICATE_CHALLENGE_INVALID), one already
   * presented (CERTIFICATE_CHALLENGE_USED), an expired one (CERTIFICATE_CHALLENGE_EXPIRED).
   */
  async spend(id: string, interactionUid: string | undefined, now = new Date()): Promise<string> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw identityError('CERTIFICATE_CHALLENGE_INVALID');
    const [row] = await executePrepared<{
      challenge: string;
      interaction_uid: string | null;
      expired: boolean;
      spent: boolean;
      taken: boolean;
    }>(this.em, {
      sql: `with "found" as (select * from "identity"."certificate_challenge" where "id" = ? for update),
       "taken" as (
         update "identity"."certificate_challenge" as "c" set "spent_at" = ?
         from "found" where "c"."id" = "found"."id" and "found"."spent_at" is null
           and "found"."interaction_uid" is not distinct from ?
         returning "c"."id")
       select "challenge", "interaction_uid", "expires_at" <= ? as "expired", "spent_at" is not null as "spent",
         exists (select 1 from "taken") as "taken"
       from "found"`,
      params: [id, now, interactionUid ?? null, now],
    });
    if (!row || (row.interaction_uid ?? undefined) !== interactionUid) {
      throw identityError('CERTIFICATE_CHALLENGE_INVALID');
    }
    if (row.spent || !row.taken) throw identityError('CERTIFICATE_CHALLENGE_USED');
    if (row.expired) throw identityError('CERTIFICATE_CHALLENGE_EXPIRED', { seconds: this.ttlSeconds });
    return row.challenge;
  }

  /**
   * CT-3: takes the one PIN report a live challenge of this sign-in allows. A wrong PIN also spends the
   * challenge (that attempt ended without a signature), so each reported failure costs a challenge of
   * its own; a right one leaves it for the sign-in it is about to sign. Refused as `spend` refuses, and
   * a second report on the same challenge as CERTIFICATE_CHALLENGE_USED.
   */
  async takePinReport(
    id: string,
    interactionUid: string | undefined,
    correct: boolean,
    now = new Date(),
  ): Promise<void> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw identityError('CERTIFICATE_CHALLENGE_INVALID');
    const [row] = await this.em
      .getConnection()
      .execute<{ interaction_uid: string | null; expired: boolean; taken: boolean }[]>(
        `with "found" as (select * from "identity"."certificate_challenge" where "id" = ? for update),
       "taken" as (
         update "identity"."certificate_challenge" as "c"
         set "pin_reported_at" = ?, "spent_at" = case when ? then "c"."spent_at" else ? end
         from "found" where "c"."id" = "found"."id" and "found"."spent_at" is null
           and "found"."pin_reported_at" is null and "found"."expires_at" > ?
           and "found"."interaction_uid" is not distinct from ?
         returning "c"."id")
       select "interaction_uid", "expires_at" <= ? as "expired", exists (select 1 from "taken") as "taken"
       from "found"`,
        [id, now, correct, now, now, interactionUid ?? null, now],
      );
    if (!row || (row.interaction_uid ?? undefined) !== interactionUid) {
      throw identityError('CERTIFICATE_CHALLENGE_INVALID');
    }
    if (row.taken) return;
    if (row.expired) throw identityError('CERTIFICATE_CHALLENGE_EXPIRED', { seconds: this.ttlSeconds });
    throw identityError('CERTIFICATE_CHALLENGE_USED');
  }

  /** Deletes challenges expired for a day (the purge job). */
  purge(now = new Date()): Promise<number> {
    return this.em
      .fork()
      .nativeDelete(CertificateChallenge, { expiresAt: { $lt: new Date(now.getTime() - 86_400_000) } });
  }
}
