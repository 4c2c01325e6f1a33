import type { EntityManager } from '@mikro-orm/postgresql';
import { identityError } from '../errors';
import { RecoveryFlow, type RecoveryPurpose } from './recovery-flow.entity';

/** Recovery flows are short-lived (15 minutes) and used once. */
export const recoveryFlowTtlSeconds = 900;

export function newRecoveryFlow(
  em: EntityManager,
  purpose: RecoveryPurpose,
  userId: string | undefined,
  subjectKey: string,
  now: Date,
): RecoveryFlow {
  return em.create(RecoveryFlow, {
    purpose,
    userId,
    subjectKey,
    createdAt: now,
    expiresAt: new Date(now.getTime() + recoveryFlowTtlSeconds * 1000),
  });
}

export async function openRecoveryFlow(
  em: EntityManager,
  flowId: string,
  purpose: RecoveryPurpose,
  now: Date,
): Promise<RecoveryFlow> {
  const flow = /^[0-9a-f-]{36}$/i.test(flowId) ? await em.findOne(RecoveryFlow, { id: flowId, purpose }) : null;
  if (!flow || flow.expiresAt <= now || flow.completedAt) throw identityError('RECOVERY_FLOW_EXPIRED');
  return flow;
}
