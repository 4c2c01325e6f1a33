import type { MikroORM } from '@mikro-orm/postgresql';
import { fixedClock } from './clock';
import { actor, openCustomerServiceTestDatabase } from './customer-service-test-database';
import { isOverdue, OnSiteService } from './on-site-service';
import { WorkingCalendar } from './working-calendar';

describe('on-site service orders (CS-4)', () => {
  let orm: MikroORM;
  const clock = fixedClock('2026-11-20T02:00:00Z');
  const agent = actor('SERVICE_AGENT');
  const calendar = new WorkingCalendar({ holidays: ['2026-11-30'] });
  const onSite = () => new OnSiteService(orm.em.fork(), clock, calendar);
  const order = {
    customerName: '阳曲县社保中心',
    customerPhone: '13800138000',
    address: '阳曲县黄寨镇',
    problem: '证书无法登录',
  };

  beforeAll(async () => {
    orm = await openCustomerServiceTestDatabase();
  });
  afterAll(() => orm.close());

  it('CS-4: promises a solution within seven working days of the request, weekends and holidays excluded', async () => {
    const requested = await onSite().request(order, agent);
    expect(requested.state).toBe('requested');
    expect(requested.promisedBy.toISOString()).toBe('2026-12-02T16:00:00.000Z');
  });

  it('CS-4: a visit that does not solve it is reported the same day and becomes overdue after the promise', async () => {
    clock.set('2026-11-20T02:00:00Z');
    const requested = await onSite().request(order, agent);
    await onSite().schedule(requested.id, '赵工', new Date('2026-11-23T01:00:00Z'), agent);
    clock.set('2026-11-23T03:00:00Z');
    const pending = await onSite().leavePending(requested.id, '服务器证书链不完整', agent);
    expect(pending).toMatchObject({ state: 'pending', reportedToSuperiorAt: new Date('2026-11-23T03:00:00Z') });
    expect(isOverdue(pending, new Date('2026-12-02T15:59:59Z'))).toBe(false);
    expect(isOverdue(pending, new Date('2026-12-02T16:00:00Z'))).toBe(true);
    clock.set('2026-12-02T16:00:00Z');
    expect((await onSite().overdue()).map((o) => o.id)).toContain(requested.id);
    await onSite().schedule(requested.id, '赵工', new Date('2026-12-03T01:00:00Z'), agent);
    const solved = await onSite().solve(requested.id, { cause: '中间证书缺失', solution: '补装中间证书' }, agent);
    expect(isOverdue(solved, clock.now())).toBe(false);
    expect((await onSite().overdue()).map((o) => o.id)).not.toContain(requested.id);
  });
});
