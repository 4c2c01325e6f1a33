import type { MikroORM } from '@mikro-orm/postgresql';
import { fixedClock } from './clock';
import { ComplaintService, isComplaintOverdue } from './complaint-service';
import { type ComplaintEvent, complaintStates, complaintWorkflow } from './complaint-workflow';
import { actor, failureOf, openCustomerServiceTestDatabase } from './customer-service-test-database';
import type { Actor } from './state-machine';

describe('complaints (CS-5)', () => {
  let orm: MikroORM;
  const clock = fixedClock('2026-11-23T01:00:00Z');
  const agent = actor('SERVICE_AGENT');
  const complaints = () => new ComplaintService(orm.em.fork(), clock);
  const lodge = (by: Actor = agent) =>
    complaints().receive({ complainantName: '张三', complainantPhone: '13900000000', statement: '窗口办理超时' }, by);

  /** Fires one event of the table with the data its step needs. */
  const fire = (id: string, event: ComplaintEvent, by: Actor = agent) => {
    const service = complaints();
    switch (event) {
      case 'record':
        return service.record(id, '11月20日窗口等候两小时', '受理窗口 刘某', by);
      case 'verify':
        return service.verify(id, '刘某确认当日系统故障', by);
      case 'accept':
        return service.accept(id, new Date('2026-11-30T10:00:00Z'), by);
      case 'refuse':
        return service.refuse(id, '不属于本中心业务范围', by);
      case 'handle':
        return service.handle(id, '已致电道歉并优化排队流程', by);
      case 'thank':
        return service.thank(id, by);
      case 'receive':
        throw new Error('receive creates a complaint');
    }
  };

  beforeAll(async () => {
    orm = await openCustomerServiceTestDatabase();
  });
  afterAll(() => orm.close());

  it('CS-5: the state machine table is listen, record, verify, deadline or refusal, handle, thank', () => {
    expect(complaintWorkflow.map((t) => `${t.from ?? '∅'} -${t.event}-> ${t.to}`)).toEqual([
      '∅ -receive-> received',
      'received -record-> recorded',
      'recorded -verify-> verified',
      'verified -accept-> accepted',
      'verified -refuse-> refused',
      'accepted -handle-> handled',
      'handled -thank-> thanked',
      'refused -thank-> thanked',
    ]);
    const reachable = new Set(complaintWorkflow.map((t) => t.to));
    expect(complaintStates.filter((s) => !reachable.has(s))).toEqual([]);
  });

  it('CS-5: every row of the table moves a complaint from its state to the next, and nothing else does', async () => {
    for (const row of complaintWorkflow.filter((t) => t.from)) {
      const path = pathTo(row.from ?? 'received');
      const complaint = await lodge();
      for (const event of path) await fire(complaint.id, event);
      for (const other of complaintWorkflow.filter((t) => t.from !== row.from && t.event !== 'receive')) {
        if (complaintWorkflow.some((t) => t.from === row.from && t.event === other.event)) continue;
        expect(await failureOf(fire(complaint.id, other.event))).toMatchObject({ code: 'TRANSITION_NOT_ALLOWED' });
      }
      expect((await fire(complaint.id, row.event)).state).toBe(row.to);
    }
  });

  it('CS-5: an accepted complaint carries the agreed deadline, is handled and thanked', async () => {
    const complaint = await lodge();
    for (const event of ['record', 'verify', 'accept', 'handle', 'thank'] as const) await fire(complaint.id, event);
    const done = await complaints().get(complaint.id);
    expect(done).toMatchObject({
      state: 'thanked',
      responsiblePerson: '受理窗口 刘某',
      verification: '刘某确认当日系统故障',
      deadline: new Date('2026-11-30T10:00:00Z'),
      resolution: '已致电道歉并优化排队流程',
      handledBy: agent.id,
    });
  });

  it('CS-5: a refused complaint keeps the reason and is still thanked', async () => {
    const complaint = await lodge();
    for (const event of ['record', 'verify', 'refuse', 'thank'] as const) await fire(complaint.id, event);
    expect(await complaints().get(complaint.id)).toMatchObject({
      state: 'thanked',
      refusalReason: '不属于本中心业务范围',
    });
  });

  it('CS-5: the deadline must lie ahead, and a complaint past it is overdue', async () => {
    const complaint = await lodge();
    for (const event of ['record', 'verify'] as const) await fire(complaint.id, event);
    expect(await failureOf(complaints().accept(complaint.id, new Date('2026-11-22T00:00:00Z'), agent))).toMatchObject({
      code: 'DEADLINE_NOT_IN_FUTURE',
    });
    const accepted = await fire(complaint.id, 'accept');
    expect(isComplaintOverdue(accepted, clock.now())).toBe(false);
    clock.set('2026-11-30T10:00:00Z');
    expect((await complaints().overdue()).map((c) => c.id)).toContain(complaint.id);
    clock.set('2026-11-23T01:00:00Z');
  });

  it('CS-5: a citizen may lodge a complaint online but only service agents take the later steps', async () => {
    const citizen = actor('CITIZEN');
    const lodged = await lodge(citizen);
    expect(lodged).toMatchObject({ state: 'received', complainantUserId: citizen.id });
    expect(await failureOf(fire(lodged.id, 'record', citizen))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await failureOf(fire(lodged.id, 'record', actor('ADMINISTRATOR')))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await failureOf(lodge(actor('AUDITOR')))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('CS-5: two agents acting on one complaint at once cannot both succeed', async () => {
    const complaint = await lodge();
    await fire(complaint.id, 'record');
    const first = new ComplaintService(orm.em.fork(), clock);
    const second = new ComplaintService(orm.em.fork(), clock);
    await first.get(complaint.id);
    await second.get(complaint.id);
    await first.verify(complaint.id, '刘某确认', agent);
    expect(await failureOf(second.refuse(complaint.id, '理由', agent))).toMatchObject({
      code: 'TRANSITION_NOT_ALLOWED',
    });
    const third = new ComplaintService(orm.em.fork(), clock);
    const fourth = new ComplaintService(orm.em.fork(), clock);
    await third.get(complaint.id);
    await fourth.get(complaint.id);
    await third.accept(complaint.id, new Date('2026-12-01T00:00:00Z'), agent);
    expect(await failureOf(fourth.accept(complaint.id, new Date('2026-12-02T00:00:00Z'), agent))).toMatchObject({
      code: 'CONFLICT',
    });
  });
});

/** The events that bring a new complaint into `state`, read off the table. */
function pathTo(state: string): ComplaintEvent[] {
  if (state === 'received') return [];
  const row = complaintWorkflow.find((t) => t.to === state && t.from !== state);
  if (!row?.from) return [];
  return [...pathTo(row.from), row.event];
}
