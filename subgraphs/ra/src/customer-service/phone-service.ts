import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from './clock';
import { findOrFail, flushOrConflict } from './persistence';
import { PhoneCall, type PhoneCallKind, type PhoneCallState, PhoneFollowUp } from './phone-call.entity';
import { type PhoneCallEvent, phoneCallWorkflow } from './phone-call-workflow';
import { type Actor, transition } from './state-machine';

export interface PhoneCallInput {
  kind: PhoneCallKind;
  callerName: string;
  callerPhone: string;
  unitName?: string;
  description: string;
}

/** The hotline (CS-3): records each call, solves it or escalates it, and tracks it until solved. */
export class PhoneService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  async receive(input: PhoneCallInput, actor: Actor): Promise<PhoneCall> {
    const { to } = transition(phoneCallWorkflow, null, 'receive', actor);
    const call = this.em.create(PhoneCall, { ...input, state: to, agentId: actor.id, receivedAt: this.clock.now() });
    await this.em.persist(call).flush();
    return call;
  }

  /** Closes the call with the solution given to the caller, from the handbook or from the technician. */
  solve(id: string, solution: { solution: string; handbookReference?: string }, actor: Actor): Promise<PhoneCall> {
    return this.step(id, 'solve', actor, (call, now) => {
      call.solution = solution.solution;
      call.handbookReference = solution.handbookReference;
      call.solvedAt = now;
    });
  }

  /** Hands what the handbook does not solve to a technician, with the details they need. */
  escalate(id: string, technician: string, details: string, actor: Actor): Promise<PhoneCall> {
    return this.step(id, 'escalate', actor, (call, now) => {
      call.technician = technician;
      call.escalatedAt = now;
      call.followUps.add(this.em.create(PhoneFollowUp, { call, note: details, recordedBy: actor.id, recordedAt: now }));
    });
  }

  followUp(id: string, note: string, actor: Actor): Promise<PhoneCall> {
    return this.step(id, 'follow_up', actor, (call, now) => {
      call.followUps.add(this.em.create(PhoneFollowUp, { call, note, recordedBy: actor.id, recordedAt: now }));
    });
  }

  async get(id: string): Promise<PhoneCall> {
    const call = await findOrFail(this.em, PhoneCall, id);
    await this.em.populate(call, ['followUps']);
    return call;
  }

  list(state: PhoneCallState | undefined, limit = 100): Promise<PhoneCall[]> {
    return this.em.find(PhoneCall, state ? { state } : {}, {
      orderBy: { receivedAt: 'desc' },
      limit,
      populate: ['followUps'],
    });
  }

  private async step(
    id: string,
    event: PhoneCallEvent,
    actor: Actor,
    apply: (call: PhoneCall, now: Date) => void,
  ): Promise<PhoneCall> {
    const call = await this.get(id);
    const { to } = transition(phoneCallWorkflow, call.state, event, actor);
    apply(call, this.clock.now());
    call.state = to;
    await flushOrConflict(this.em);
    return call;
  }
}
