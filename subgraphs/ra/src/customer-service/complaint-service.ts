import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '@tessera/kit';
import type { Clock } from './clock';
import { Complaint } from './complaint.entity';
import { type ComplaintEvent, type ComplaintState, complaintWorkflow } from './complaint-workflow';
import { findOrFail, flushOrConflict } from './persistence';
import { type Actor, transition } from './state-machine';

export interface ComplaintInput {
  complainantName: string;
  complainantPhone?: string;
  statement: string;
}

/** An accepted complaint not handled by the deadline agreed with the customer. */
export function isComplaintOverdue(complaint: Complaint, now: Date): boolean {
  return complaint.state === 'accepted' && !!complaint.deadline && now.getTime() >= complaint.deadline.getTime();
}

/** Complaints through listen, record, verify, deadline or refusal, handle, thank (CS-5). */
export class ComplaintService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  /** Listens: the complaint as the customer states it, by an agent or lodged online by a citizen. */
  async receive(input: ComplaintInput, actor: Actor): Promise<Complaint> {
    const { to } = transition(complaintWorkflow, null, 'receive', actor);
    const byCitizen = actor.roles.has('CITIZEN') && !actor.roles.has('SERVICE_AGENT');
    const complaint = this.em.create(Complaint, {
      ...input,
      state: to,
      receivedBy: actor.id,
      receivedAt: this.clock.now(),
      ...(byCitizen ? { complainantUserId: actor.id } : {}),
    });
    await this.em.persist(complaint).flush();
    return complaint;
  }

  record(id: string, record: string, responsiblePerson: string, actor: Actor): Promise<Complaint> {
    return this.step(id, 'record', actor, (c) => {
      c.record = record;
      c.responsiblePerson = responsiblePerson;
    });
  }

  /** What the person responsible confirmed or disputed when the agent checked with them. */
  verify(id: string, verification: string, actor: Actor): Promise<Complaint> {
    return this.step(id, 'verify', actor, (c, now) => {
      c.verification = verification;
      c.verifiedAt = now;
    });
  }

  /** Accepts the complaint with the final deadline agreed with the customer. */
  accept(id: string, deadline: Date, actor: Actor): Promise<Complaint> {
    return this.step(id, 'accept', actor, (c, now) => {
      if (deadline.getTime() <= now.getTime()) throw new DomainError('DEADLINE_NOT_IN_FUTURE');
      c.deadline = deadline;
    });
  }

  refuse(id: string, reason: string, actor: Actor): Promise<Complaint> {
    return this.step(id, 'refuse', actor, (c) => {
      c.refusalReason = reason;
    });
  }

  handle(id: string, resolution: string, actor: Actor): Promise<Complaint> {
    return this.step(id, 'handle', actor, (c, now) => {
      c.resolution = resolution;
      c.handledBy = actor.id;
      c.handledAt = now;
    });
  }

  thank(id: string, actor: Actor): Promise<Complaint> {
    return this.step(id, 'thank', actor, (c, now) => {
      c.thankedAt = now;
    });
  }

  get(id: string): Promise<Complaint> {
    return findOrFail(this.em, Complaint, id);
  }

  list(filter: { state?: ComplaintState; complainantUserId?: string }, limit = 100): Promise<Complaint[]> {
    return this.em.find(
      Complaint,
      {
        ...(filter.state ? { state: filter.state } : {}),
        ...(filter.complainantUserId ? { complainantUserId: filter.complainantUserId } : {}),
      },
      { orderBy: { receivedAt: 'desc' }, limit },
    );
  }

  /** Accepted complaints past their deadline, the most overdue first. */
  overdue(limit = 100): Promise<Complaint[]> {
    return this.em.find(
      Complaint,
      { state: 'accepted', deadline: { $lte: this.clock.now() } },
      { orderBy: { deadline: 'asc' }, limit },
    );
  }

  private async step(
    id: string,
    event: ComplaintEvent,
    actor: Actor,
    apply: (complaint: Complaint, now: Date) => void,
  ): Promise<Complaint> {
    const complaint = await this.get(id);
    const { to } = transition(complaintWorkflow, complaint.state, event, actor);
    apply(complaint, this.clock.now());
    complaint.state = to;
    await flushOrConflict(this.em);
    return complaint;
  }
}
