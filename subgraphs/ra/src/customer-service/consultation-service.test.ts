import type { MikroORM } from '@mikro-orm/postgresql';
import { fixedClock } from './clock';
import { consultationCategories, consultationRouting } from './consultation-routing';
import { ConsultationService } from './consultation-service';
import { ConsultationWeeklySummaries, ConsultationWeeklySummaryJob, lastFridayOn } from './consultation-weekly-summary';
import { ConsultationWeeklySummary } from './consultation-weekly-summary.entity';
import { actor, failureOf, openCustomerServiceTestDatabase } from './customer-service-test-database';

describe('consultations (CS-1) and their Friday summary (CS-2)', () => {
  let orm: MikroORM;
  const clock = fixedClock('2026-11-16T02:00:00Z');
  const agent = actor('SERVICE_AGENT');
  const consult = (category: (typeof consultationCategories)[number], at: string, answer?: string) => {
    clock.set(at);
    return new ConsultationService(orm.em.fork(), clock).record(
      { category, channel: 'phone', customerName: '太原市社保局', question: '证书如何更新？', answer },
      agent,
    );
  };

  beforeAll(async () => {
    orm = await openCustomerServiceTestDatabase();
  });
  afterAll(() => orm.close());

  it('CS-1: routes each of the three categories to its handler, as the routing table says', async () => {
    expect(consultationRouting).toEqual({
      certificate_lifecycle: 'service_agent',
      security_products_sales: 'marketing',
      security_technology_law: 'technician',
    });
    for (const category of consultationCategories) {
      const record = await consult(category, '2026-11-16T02:00:00Z');
      expect(record.handlerRole).toBe(consultationRouting[category]);
      expect(record.receivedBy).toBe(agent.id);
    }
  });

  it('CS-1: records the answer of the colleague the consultation was routed to', async () => {
    const record = await consult('security_technology_law', '2026-11-17T03:00:00Z');
    clock.set('2026-11-17T05:00:00Z');
    const answered = await new ConsultationService(orm.em.fork(), clock).answer(
      record.id,
      '依据电子签名法第十四条',
      '李工',
    );
    expect(answered).toMatchObject({ answeredBy: '李工', answeredAt: new Date('2026-11-17T05:00:00Z') });
    const unanswered = await new ConsultationService(orm.em.fork(), clock).list({ unanswered: true });
    expect(unanswered.map((c) => c.id)).not.toContain(record.id);
  });

  it('CS-2: summarises the seven days up to Friday midnight China time, by category and handler', async () => {
    await consult('certificate_lifecycle', '2026-11-20T15:59:00Z', '已答复');
    await consult('certificate_lifecycle', '2026-11-20T16:00:00Z');
    await consult('security_products_sales', '2026-11-13T16:00:00Z');
    const figures = await new ConsultationWeeklySummaries(orm.em.fork(), clock).compute('2026-11-20');
    expect(figures).toEqual({
      weekEnding: '2026-11-20',
      total: 6,
      answered: 2,
      byCategory: { certificate_lifecycle: 2, security_products_sales: 2, security_technology_law: 2 },
      byHandlerRole: { service_agent: 2, marketing: 2, technician: 2 },
    });
  });

  it('CS-2: refuses a week that does not end on a Friday', async () => {
    const failure = await failureOf(new ConsultationWeeklySummaries(orm.em.fork(), clock).compute('2026-11-19'));
    expect(failure).toMatchObject({ code: 'WEEK_MUST_END_ON_FRIDAY' });
  });

  it('CS-2: the scheduled job stores the latest Friday week once, refreshing it on later runs', async () => {
    expect(lastFridayOn(new Date('2026-11-20T09:00:00Z'))).toBe('2026-11-20');
    expect(lastFridayOn(new Date('2026-11-20T17:00:00Z'))).toBe('2026-11-20');
    expect(lastFridayOn(new Date('2026-11-25T09:00:00Z'))).toBe('2026-11-20');
    clock.set('2026-11-20T09:00:00Z');
    const job = new ConsultationWeeklySummaryJob(orm.em, clock);
    const early = await job.run();
    expect(early.total).toBe(6);
    await consult('security_technology_law', '2026-11-20T10:00:00Z');
    clock.set('2026-11-21T01:00:00Z');
    const late = await job.run();
    expect(late).toMatchObject({ id: early.id, weekEnding: '2026-11-20', total: 7, generatedAt: clock.now() });
    await Promise.all([job.run(), job.run()]);
    expect(await orm.em.fork().count(ConsultationWeeklySummary, { weekEnding: '2026-11-20' })).toBe(1);
  });
});
