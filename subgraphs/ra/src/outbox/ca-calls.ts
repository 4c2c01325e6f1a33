import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '@tessera/kit';
import { CertificateApplication } from '../applications/certificate-application.entity';
import { defaultProject, loggedIdNumber, OperationLog } from '../records/operation-log';
import type { Actor } from '../workflow/actor';
import { type CaCallEvent, caCallTransition } from './ca-call-lifecycle';
import { OutboxMessage } from './outbox-message.entity';

/** A pending call shows up for operators once it has failed this many times (RA item 12). */
export const defaultAttentionAttempts = 5;

export const maxSettlementReasonLength = 500;

/**
 * What operators see and do about the RA's calls to the certificate subgraph (RA item 12): the
 * calls that are not getting through, retrying one now, or settling one with a reason. Both actions
 * are appended to the operation log (RA-14) in the same transaction.
 */
export class CaCalls {
  constructor(
    private readonly log = new OperationLog(),
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Failed calls, and pending ones that failed at least `minAttempts` times; oldest first. */
  undelivered(em: EntityManager, minAttempts = defaultAttentionAttempts, first = 100): Promise<OutboxMessage[]> {
    return em.find(
      OutboxMessage,
      { $or: [{ state: 'failed' }, { state: 'pending', attempts: { $gte: Math.max(minAttempts, 1) } }] },
      { orderBy: { createdAt: 'asc' }, limit: Math.min(Math.max(first, 1), 500) },
    );
  }

  /** Sends the call again at the dispatcher's next round (its idempotency key keeps it exactly once). */
  retry(em: EntityManager, id: string, actor: Actor): Promise<OutboxMessage> {
    return this.act(em, id, 'retry', actor, undefined, (message) => {
      message.state = 'pending';
      message.failedAt = undefined;
      message.nextAttemptAt = this.now();
    });
  }

  /** Closes the call without delivering it: the owed effect was handled (or is moot) by other means. */
  async settle(em: EntityManager, id: string, reason: string, actor: Actor): Promise<OutboxMessage> {
    const why = reason.trim();
    if (!why || why.length > maxSettlementReasonLength)
      throw new DomainError('SETTLEMENT_REASON_REQUIRED', { maxLength: maxSettlementReasonLength });
    return this.act(em, id, 'settle', actor, why, (message) => {
      message.state = 'settled';
      message.settledAt = this.now();
      message.settledBy = actor.id;
      message.settlementReason = why;
    });
  }

  private async act(
    em: EntityManager,
    id: string,
    event: CaCallEvent,
    actor: Actor,
    detail: string | undefined,
    apply: (message: OutboxMessage) => void,
  ): Promise<OutboxMessage> {
    if (actor.kind !== 'staff' || !actor.roles.has('ADMINISTRATOR')) throw new DomainError('FORBIDDEN');
    return em.transactional(async (tx) => {
      // Waits for a dispatcher that is sending this call right now, then acts on what it left.
      const message = await tx.findOne(OutboxMessage, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!message) throw new DomainError('CA_CALL_NOT_FOUND');
      if (caCallTransition(message.state, event)?.by !== 'ADMINISTRATOR')
        throw new DomainError('CA_CALL_STEP_NOT_ALLOWED', { state: message.state, event });
      apply(message);
      const application = await tx.findOne(
        CertificateApplication,
        { id: message.applicationId },
        { populate: ['subscriber'] },
      );
      const subscriber = application?.subscriber;
      await this.log.append(tx, {
        at: this.now(),
        operation: `${event}_ca_call`,
        applicationId: message.applicationId,
        region: subscriber?.region,
        project: defaultProject,
        businessType: application?.businessType,
        unitName: subscriber?.name,
        socialInsuranceNumber: subscriber?.socialInsuranceNumber,
        ...(application && loggedIdNumber(application)),
        maker: actor.id,
        detail: detail ? `${message.kind}: ${detail}` : message.kind,
      });
      return message;
    });
  }
}
