import type { EntityManager } from '@mikro-orm/postgresql';
import { executePrepared, type Logger } from '@tessera/kit';
import { errorCodeOf, identityError } from '../errors';
import type { SessionService } from '../sessions/session-service';
import { SignInEvent } from '../sign-in/sign-in-event.entity';
import { recordingSignIn, type SignInOutcomeRecord } from '../sign-in/sign-in-history';
import type { SignedIn } from '../sign-in/sign-in-service';
import type { User } from '../users/user.entity';
import type { CertificateChallenges } from './certificate-challenges';
import type { CertificateCheck, CertificateSubscriber } from './certificate-check-client';
import type { UnitAccounts } from './unit-accounts';

/** What a client sends to sign in with a certificate. */
export interface CertificateSignIn {
  challengeId: string;
  /** Base64 DER or PEM of the signing certificate. */
  certificate: string;
  /** Base64 signature over the challenge's bytes (see the certificate subgraph's `signInSignatureHashes`). */
  signature: string;
}

/** The sign-in method sessions and the history record. */
export const certificateMethod = 'certificate';

export interface CertificateSignInDependencies {
  em: EntityManager;
  challenges: CertificateChallenges;
  check: CertificateCheck;
  units: UnitAccounts;
  sessions: SessionService;
  log: Logger;
  /** Told how each attempt ended (metrics), as password sign-in tells. */
  onOutcome?: (method: string, outcome: string) => void;
}

interface HolderRow {
  id: string;
  kind: User['kind'];
  roles: User['roles'];
  verified_at: string | null;
  locked_at: string | null;
}

/**
 * Issue 15, certificate sign-in: spends the challenge (bound to the sign-in), has the certificate
 * subgraph check the certificate and the signature (identity trusts nothing the client says), maps the
 * certificate to its subscriber (a person: the holder's account; a unit: the unit's account, made on its
 * first sign-in) and opens a session with its history entry in one statement, as password sign-in does.
 * Guessing is bounded by the challenges: each one is spent before anything is verified, so every try
 * needs a new one; a refusal on a known account (locked, disabled) goes to its history.
 */
export class CertificateSignInService {
  constructor(private readonly deps: CertificateSignInDependencies) {}

  async signIn(input: CertificateSignIn, interactionUid?: string, now = new Date()): Promise<SignedIn> {
    try {
      const signedIn = await this.attempt(input, interactionUid, now);
      this.deps.onOutcome?.(certificateMethod, 'success');
      return signedIn;
    } catch (error) {
      this.deps.onOutcome?.(certificateMethod, errorCodeOf(error) ?? 'error');
      throw error;
    }
  }

  private async attempt(input: CertificateSignIn, interactionUid: string | undefined, now: Date): Promise<SignedIn> {
    const challenge = await this.deps.challenges.spend(input.challengeId, interactionUid, now);
    const subscriber = await this.deps.check.check({
      certificate: input.certificate,
      challenge,
      signature: input.signature,
    });
    const holder = await this.holderOf(subscriber, now);
    const tokens = await this.deps.sessions.open(holder, certificateMethod, now, [
      recordingSignIn(holder.id, certificateMethod, 'success', now),
    ]);
    this.deps.log.info(
      { userId: holder.id, kind: holder.kind, certificate: subscriber.serialNumber, hierarchy: subscriber.hierarchy },
      'signed in with a certificate',
    );
    return {
      status: 'SIGNED_IN',
      ...tokens,
      account: { id: holder.id, kind: holder.kind, verified: !!holder.verifiedAt, secondFactor: false },
    };
  }

  /** The account the certificate signs in as: its holder's, or its unit's. */
  private async holderOf(
    subscriber: CertificateSubscriber,
    now: Date,
  ): Promise<Pick<User, 'id' | 'kind' | 'roles' | 'verifiedAt'>> {
    if (subscriber.kind === 'organization') {
      if (!subscriber.insuranceNumber) throw identityError('CERTIFICATE_HOLDER_UNAVAILABLE');
      const unit = await this.deps.units.ensure(
        {
          insuranceNumber: subscriber.insuranceNumber,
          name: subscriber.unitName ?? subscriber.subject,
          creditCode: subscriber.creditCode,
        },
        now,
      );
      if (unit.lockedAt) {
        await this.record(unit.id, 'disabled', now);
        throw identityError('UNIT_ACCOUNT_DISABLED');
      }
      return { id: unit.id, kind: 'unit', roles: unit.roles };
    }
    const [row] = subscriber.holderUserId
      ? await executePrepared<HolderRow>(this.deps.em, {
          sql: `select "id", "kind", "roles", "verified_at", "locked_at" from "identity"."user" where "id" = ? and "kind" <> 'unit'`,
          params: [subscriber.holderUserId],
        })
      : [];
    if (!row) throw identityError('CERTIFICATE_HOLDER_UNAVAILABLE');
    if (row.locked_at) {
      await this.record(row.id, 'locked', now);
      throw identityError('CERTIFICATE_HOLDER_UNAVAILABLE');
    }
    return {
      id: row.id,
      kind: row.kind,
      roles: row.roles,
      verifiedAt: row.verified_at ? new Date(row.verified_at) : undefined,
    };
  }

  private async record(userId: string, outcome: SignInOutcomeRecord, now: Date): Promise<void> {
    const em = this.deps.em.fork();
    em.create(SignInEvent, { userId, method: certificateMethod, outcome, at: now });
    await em.flush();
  }
}
