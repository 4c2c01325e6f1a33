import { LockMode, type QueryResult } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '@tessera/kit';
import { CertificateApplication } from '../applications/certificate-application.entity';
import { idNumberProtection } from '../applications/id-number';
import type { CertificateAuthority, EnrollmentRequest } from '../certificate-authority/certificate-authority-client';
import { classifyAnswer } from './ca-answer';
import { OutboxMessage } from './outbox-message.entity';

/** What the dispatcher learns from the certificate subgraph and writes onto an application. */
interface Learned {
  referenceCode?: string;
  authorizationCode?: string;
  certificateId?: string;
  certificateNotAfter?: Date | null;
}

const learnedColumns: Record<keyof Learned, string> = {
  referenceCode: 'reference_code',
  authorizationCode: 'authorization_code',
  certificateId: 'certificate_id',
  certificateNotAfter: 'certificate_not_after',
};

/**
 * Marks the message delivered and writes what the certificate subgraph answered onto the application,
 * in one statement (issue 16 goal 6). The application's write leaves its optimistic-lock `version`
 * alone (RA item 15): nothing a clerk decides on changed, so a clerk's step on the version they saw
 * must not fail with CONFLICT because the dispatcher wrote. MikroORM bumps the version on every update
 * it builds (unit of work and `nativeUpdate` alike), hence plain SQL.
 */
async function markDelivered(
  tx: EntityManager,
  message: OutboxMessage,
  deliveredAt: Date,
  fields: Learned | undefined,
): Promise<void> {
  const delivered = `update "ra"."outbox_message" set "state" = 'delivered', "delivered_at" = ?, "last_error" = null, "last_error_code" = null where "id" = ?`;
  const entries = Object.entries(fields ?? {}) as [keyof Learned, unknown][];
  const [sql, bindings] =
    entries.length === 0
      ? [delivered, [deliveredAt, message.id]]
      : [
          `with delivered as (${delivered}) update "ra"."certificate_application" set ${entries.map(([key]) => `"${learnedColumns[key]}" = ?`).join(', ')} where "id" = ?`,
          [deliveredAt, message.id, ...entries.map(([, value]) => value ?? null), message.applicationId],
        ];
  const result = await tx.getConnection().execute<QueryResult>(sql, bindings, 'run', tx.getTransactionContext());
  if (result.affectedRows !== 1)
    throw new Error(`outbox: ${fields ? 'application' : 'message'} not found for ${message.id}`);
  Object.assign(message, { state: 'delivered', deliveredAt, lastError: undefined, lastErrorCode: undefined });
  tx.getUnitOfWork().merge(message);
}

/** Waiting time before attempt n+1: 1 s, 2 s, 4 s … at most a minute. */
export function backoffMs(attempts: number): number {
  return Math.min(60_000, 1000 * 2 ** Math.max(0, attempts - 1));
}

/** What went wrong, for operators: the GraphQL error codes of the answer, or the transport error. */
export function describe(error: unknown): string {
  const response = (error as { response?: { status?: number; errors?: { extensions?: { code?: string } }[] } })
    .response;
  const graphqlErrors = response?.errors;
  if (graphqlErrors?.length) return graphqlErrors.map((e) => e.extensions?.code ?? 'UNKNOWN').join(', ');
  // graphql-request's message repeats the request's variables, which may hold a person's ID number.
  if (response?.status !== undefined) return `HTTP ${response.status}`;
  const text = (error as { message?: unknown }).message;
  return (typeof text === 'string' ? text : String(error)).slice(0, 500);
}

/**
 * Delivers outbox messages to the certificate subgraph. Each message is locked (`SKIP LOCKED`, so
 * several RA processes share the work), sent, and marked delivered together with its effect on the
 * application in one transaction. A transient failure reschedules it; a permanent refusal marks it
 * failed for an operator (ca-answer.ts). Delivery is at least once; the idempotency key makes the
 * effect exactly once.
 */
/** How one delivery attempt ended: done, to be tried again, or refused for good (an operator's turn). */
export type OutboxOutcome = 'delivered' | 'retry' | 'failed';

export class OutboxDispatcher {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly em: EntityManager,
    private readonly authority: CertificateAuthority,
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
    /** Told how each delivery attempt ended (metrics). */
    private readonly onOutcome: (outcome: OutboxOutcome) => void = () => undefined,
    /** `CA_GM_IDENTITY_EXTENSIONS`: off, a person's ID number never leaves the RA. */
    private readonly identityExtensions = true,
  ) {}

  start(intervalMs = 500): void {
    this.timer = setInterval(() => void this.dispatchDue(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Sends every message that is due; returns how many were delivered. One run at a time. */
  dispatchDue(): Promise<number> {
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async drain(): Promise<number> {
    let delivered = 0;
    for (;;) {
      const outcome = await this.deliverOne().catch((error: unknown) => {
        this.log.error({ err: error }, 'outbox dispatch failed');
        return 'idle' as const;
      });
      if (outcome === 'idle') return delivered;
      this.onOutcome(outcome);
      if (outcome === 'delivered') delivered += 1;
    }
  }

  private deliverOne(): Promise<OutboxOutcome | 'idle'> {
    return this.em.fork().transactional(async (tx) => {
      const message = await tx.findOne(
        OutboxMessage,
        { state: 'pending', nextAttemptAt: { $lte: this.now() } },
        { orderBy: { createdAt: 'asc' }, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE },
      );
      if (!message) return 'idle';
      try {
        await markDelivered(tx, message, this.now(), await this.deliver(tx, message));
        return 'delivered';
      } catch (error) {
        const answer = classifyAnswer(message.kind, error);
        message.attempts += 1;
        message.lastError = describe(error);
        message.lastErrorCode = answer.outcome === 'delivered' ? undefined : (answer.code ?? undefined);
        const about = {
          outbox: message.id,
          kind: message.kind,
          attempts: message.attempts,
          code: message.lastErrorCode,
        };
        if (answer.outcome === 'failed') {
          message.state = 'failed';
          message.failedAt = this.now();
          this.log.error(about, 'the certificate subgraph refused an outbox call; it waits for an operator');
          return 'failed';
        }
        message.nextAttemptAt = new Date(this.now().getTime() + backoffMs(message.attempts));
        this.log.warn(about, 'outbox delivery failed; will retry');
        return 'retry';
      }
    });
  }

  /** Sends the call; answers what it taught the RA about the application, if anything. */
  private async deliver(tx: EntityManager, message: OutboxMessage): Promise<Learned | undefined> {
    const certificateId = String(message.payload.certificateId ?? '');
    switch (message.kind) {
      case 'create_enrollment': {
        const request = message.payload.request as Omit<EnrollmentRequest, 'applicationReference'>;
        const idNumber = message.payload.idNumberFromApplication ? await this.idNumber(tx, message) : undefined;
        const codes = await this.authority.createEnrollment({
          ...request,
          ...(idNumber ? { identity: { ...request.identity, idNumber } } : {}),
          applicationReference: message.idempotencyKey,
        });
        return {
          referenceCode: codes.referenceCode,
          authorizationCode: codes.authorizationCode,
          certificateId: codes.certificateId,
        };
      }
      case 'revoke_certificate':
        await this.authority
          .revoke(certificateId, String(message.payload.reason ?? 'UNSPECIFIED'))
          .catch((error: unknown) => {
            // A repeat after a lost answer: the certificate is revoked, which is what was owed.
            if (classifyAnswer(message.kind, error).outcome !== 'delivered') throw error;
          });
        return undefined;
      case 'suspend_certificate': {
        const { notAfter } = await this.authority.suspend(certificateId).catch((error: unknown) => {
          // A repeat after a lost answer: the certificate is on hold, as owed; RA-5 still needs its validity.
          if (classifyAnswer(message.kind, error).outcome !== 'delivered') throw error;
          return this.authority.validity(certificateId);
        });
        return { certificateNotAfter: notAfter ?? null };
      }
      case 'release_certificate':
        await this.authority.release(certificateId).catch((error: unknown) => {
          // A repeat after a lost answer (or after the automatic release): the hold is lifted, as owed.
          if (classifyAnswer(message.kind, error).outcome !== 'delivered') throw error;
        });
        return undefined;
      case 'unlock_ekey':
        await this.authority.unlockEKey(String(message.payload.serialNumber), message.applicationId);
        return undefined;
    }
  }

  /**
   * RA-14, GM/T 0015: the applicant's ID number, opened from its sealed copy only to travel to the
   * certificate subgraph for the IdentityCode of their own certificate, and only with the setting on.
   */
  private async idNumber(tx: EntityManager, message: OutboxMessage): Promise<string | undefined> {
    if (!this.identityExtensions) return undefined;
    const application = await tx.findOneOrFail(
      CertificateApplication,
      { id: message.applicationId },
      { populate: ['idNumberSealed'] },
    );
    return application.idNumberSealed && idNumberProtection.protector.open('idNumber', application.idNumberSealed);
  }
}
