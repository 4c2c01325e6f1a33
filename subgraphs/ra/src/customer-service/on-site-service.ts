import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from './clock';
import { type OnSiteOrderState, OnSiteServiceOrder } from './on-site-service-order.entity';
import { type OnSiteOrderEvent, onSiteServiceWorkflow } from './on-site-service-workflow';
import { findOrFail, flushOrConflict } from './persistence';
import { type Actor, transition } from './state-machine';
import type { WorkingCalendar } from './working-calendar';

/** Working days within which an on-site problem is promised to be solved (CS-4). */
export const onSitePromiseWorkingDays = 7;

export interface OnSiteOrderInput {
  customerName: string;
  customerPhone: string;
  unitName?: string;
  address: string;
  problem: string;
  phoneCallId?: string;
}

/** An order still open after its promise ran out. */
export function isOverdue(order: OnSiteServiceOrder, now: Date): boolean {
  return order.state !== 'solved' && now.getTime() >= order.promisedBy.getTime();
}

/** On-site service orders and the seven-working-day promise (CS-4). */
export class OnSiteService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly calendar: WorkingCalendar,
  ) {}

  async request(input: OnSiteOrderInput, actor: Actor): Promise<OnSiteServiceOrder> {
    const { to } = transition(onSiteServiceWorkflow, null, 'request', actor);
    const now = this.clock.now();
    const order = this.em.create(OnSiteServiceOrder, {
      ...input,
      state: to,
      requestedBy: actor.id,
      requestedAt: now,
      promisedBy: this.calendar.deadlineAfter(now, onSitePromiseWorkingDays),
    });
    await this.em.persist(order).flush();
    return order;
  }

  /** The visit agreed with the customer: who goes, and when. */
  schedule(id: string, engineer: string, appointmentAt: Date, actor: Actor): Promise<OnSiteServiceOrder> {
    return this.step(id, 'schedule', actor, (order) => {
      order.engineer = engineer;
      order.appointmentAt = appointmentAt;
    });
  }

  solve(id: string, outcome: { cause: string; solution: string }, actor: Actor): Promise<OnSiteServiceOrder> {
    return this.step(id, 'solve', actor, (order, now) => {
      order.cause = outcome.cause;
      order.solution = outcome.solution;
      order.solvedAt = now;
    });
  }

  /** The visit did not solve it: the promise stands and the superior hears of it the same day. */
  leavePending(id: string, cause: string, actor: Actor): Promise<OnSiteServiceOrder> {
    return this.step(id, 'leave_pending', actor, (order, now) => {
      order.cause = cause;
      order.reportedToSuperiorAt ??= now;
    });
  }

  get(id: string): Promise<OnSiteServiceOrder> {
    return findOrFail(this.em, OnSiteServiceOrder, id);
  }

  list(state: OnSiteOrderState | undefined, limit = 100): Promise<OnSiteServiceOrder[]> {
    return this.em.find(OnSiteServiceOrder, state ? { state } : {}, { orderBy: { requestedAt: 'desc' }, limit });
  }

  /** Open orders whose promise has run out, the most overdue first. */
  overdue(limit = 100): Promise<OnSiteServiceOrder[]> {
    return this.em.find(
      OnSiteServiceOrder,
      { state: { $ne: 'solved' }, promisedBy: { $lte: this.clock.now() } },
      { orderBy: { promisedBy: 'asc' }, limit },
    );
  }

  private async step(
    id: string,
    event: OnSiteOrderEvent,
    actor: Actor,
    apply: (order: OnSiteServiceOrder, now: Date) => void,
  ): Promise<OnSiteServiceOrder> {
    const order = await this.get(id);
    const { to } = transition(onSiteServiceWorkflow, order.state, event, actor);
    apply(order, this.clock.now());
    order.state = to;
    await flushOrConflict(this.em);
    return order;
  }
}
