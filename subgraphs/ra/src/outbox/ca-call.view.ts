import { CaCallKindValue, CaCallStateValue, CaCallType } from './ca-call.type';
import type { OutboxMessage } from './outbox-message.entity';

export function caCallView(message: OutboxMessage): CaCallType {
  return Object.assign(new CaCallType(), {
    id: message.id,
    kind: message.kind as CaCallKindValue,
    state: message.state as CaCallStateValue,
    attempts: message.attempts,
    lastError: message.lastError ?? null,
    lastErrorCode: message.lastErrorCode ?? null,
    nextAttemptAt: message.state === 'pending' ? message.nextAttemptAt : null,
    failedAt: message.failedAt ?? null,
    deliveredAt: message.deliveredAt ?? null,
    settledAt: message.settledAt ?? null,
    settledBy: message.settledBy ?? null,
    settlementReason: message.settlementReason ?? null,
    createdAt: message.createdAt,
    applicationId: message.applicationId,
  });
}
