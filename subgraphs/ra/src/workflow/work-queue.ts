import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CertificateApplication } from '../applications/certificate-application.entity';
import type { Actor } from './actor';
import { type Transition, type WorkflowEvent, workflow } from './workflow';

/** RA-11: steps the person who entered or submitted an application may not take on it. */
const fourEyesSteps: readonly WorkflowEvent[] = ['approve', 'reject'];

/** The rows of the workflow table a clerk's roles may take: what their queue is made of. */
export function queueSteps(actor: Actor): Transition[] {
  if (actor.kind !== 'staff') return [];
  return workflow.filter((t) => t.roles.some((role) => actor.roles.has(role)));
}

/**
 * Issue 17 item 7, "next in my queue": the application that has waited longest for a step the
 * clerk's roles may take (the workflow table decides which; RA-11 leaves out what the clerk entered
 * or submitted for the review steps), other than `after`, the one the clerk just finished. Null when
 * the queue is empty.
 */
export async function nextInQueue(
  em: EntityManager,
  actor: Actor,
  after?: string | null,
): Promise<CertificateApplication | null> {
  const steps = queueSteps(actor);
  if (steps.length === 0) return null;
  const waiting: FilterQuery<CertificateApplication>[] = steps.map((t) => ({
    state: t.from,
    businessType: { $in: [...t.types] },
    ...(fourEyesSteps.includes(t.event)
      ? {
          $and: [
            { $or: [{ enteredBy: null }, { enteredBy: { $ne: actor.id } }] },
            { $or: [{ submittedBy: null }, { submittedBy: { $ne: actor.id } }] },
          ],
        }
      : {}),
  }));
  return em.findOne(
    CertificateApplication,
    { $or: waiting, ...(after ? { id: { $ne: after } } : {}) },
    { orderBy: { updatedAt: 'asc', id: 'asc' }, populate: ['subscriber'] },
  );
}
