import type { MikroORM } from '@mikro-orm/postgresql';
import { fixedClock } from './clock';
import { actor, failureOf, openCustomerServiceTestDatabase } from './customer-service-test-database';
import { PhoneService } from './phone-service';

describe('phone service (CS-3)', () => {
  let orm: MikroORM;
  const clock = fixedClock('2026-11-23T01:00:00Z');
  const agent = actor('SERVICE_AGENT');
  const phone = () => new PhoneService(orm.em.fork(), clock);
  const call = {
    kind: 'problem' as const,
    callerName: '王芳',
    callerPhone: '0351-7037581',
    description: 'EKey 无法识别',
  };

  beforeAll(async () => {
    orm = await openCustomerServiceTestDatabase();
  });
  afterAll(() => orm.close());

  it('CS-3: a call answered from the support handbook is solved on the line', async () => {
    const received = await phone().receive(call, agent);
    const solved = await phone().solve(
      received.id,
      { solution: '重新安装驱动', handbookReference: 'CT-6 §2.3' },
      agent,
    );
    expect(solved).toMatchObject({ state: 'solved', handbookReference: 'CT-6 §2.3', agentId: agent.id });
  });

  it('CS-3: what the handbook does not solve goes to a technician and is followed up until solved', async () => {
    const received = await phone().receive(call, agent);
    clock.set('2026-11-23T02:00:00Z');
    await phone().escalate(received.id, '李工', '驱动重装无效，设备管理器显示未知设备', agent);
    clock.set('2026-11-23T06:00:00Z');
    await phone().followUp(received.id, '技术人员建议更换USB口，已转告用户', agent);
    clock.set('2026-11-24T01:00:00Z');
    await phone().solve(received.id, { solution: '更换EKey' }, agent);
    const tracked = await phone().get(received.id);
    expect(tracked).toMatchObject({ state: 'solved', technician: '李工', solvedAt: new Date('2026-11-24T01:00:00Z') });
    expect(tracked.followUps.getItems().map((f) => f.note)).toEqual([
      '驱动重装无效，设备管理器显示未知设备',
      '技术人员建议更换USB口，已转告用户',
    ]);
    expect((await phone().list('escalated')).map((c) => c.id)).not.toContain(received.id);
  });

  it('CS-3: only escalated calls take follow-ups, and only service agents act on calls', async () => {
    const received = await phone().receive(call, agent);
    expect(await failureOf(phone().followUp(received.id, 'note', agent))).toMatchObject({
      code: 'TRANSITION_NOT_ALLOWED',
    });
    expect(await failureOf(phone().solve(received.id, { solution: 'x' }, actor('AUDITOR')))).toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
