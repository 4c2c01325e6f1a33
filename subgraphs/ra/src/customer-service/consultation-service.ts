import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from './clock';
import { Consultation, type ConsultationChannel } from './consultation.entity';
import { type ConsultationCategory, consultationRouting } from './consultation-routing';
import { findOrFail, flushOrConflict } from './persistence';
import type { Actor } from './state-machine';

export interface ConsultationInput {
  category: ConsultationCategory;
  channel: ConsultationChannel;
  customerName: string;
  customerPhone?: string;
  unitName?: string;
  question: string;
  /** The agent may answer a lifecycle question at once. */
  answer?: string;
}

export interface ConsultationFilter {
  from?: Date;
  to?: Date;
  category?: ConsultationCategory;
  unanswered?: boolean;
}

/** Takes consultations, routes them to their handler by category and records the answers (CS-1). */
export class ConsultationService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
  ) {}

  async record(input: ConsultationInput, actor: Actor): Promise<Consultation> {
    const now = this.clock.now();
    const { answer, ...details } = input;
    const consultation = this.em.create(Consultation, {
      ...details,
      handlerRole: consultationRouting[input.category],
      receivedBy: actor.id,
      receivedAt: now,
      ...(answer ? { answer, answeredAt: now } : {}),
    });
    await this.em.persist(consultation).flush();
    return consultation;
  }

  /** Records the handler's answer; `answeredBy` names the marketing or technical colleague who gave it. */
  async answer(id: string, answer: string, answeredBy: string | undefined): Promise<Consultation> {
    const consultation = await findOrFail(this.em, Consultation, id);
    consultation.answer = answer;
    consultation.answeredBy = answeredBy;
    consultation.answeredAt = this.clock.now();
    await flushOrConflict(this.em);
    return consultation;
  }

  list(filter: ConsultationFilter, limit = 100): Promise<Consultation[]> {
    return this.em.find(
      Consultation,
      {
        ...(filter.category ? { category: filter.category } : {}),
        ...(filter.unanswered ? { answeredAt: null } : {}),
        receivedAt: { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) },
      },
      { orderBy: { receivedAt: 'desc' }, limit },
    );
  }
}
