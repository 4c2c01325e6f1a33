import type { MikroORM } from '@mikro-orm/postgresql';
import { OperationLog } from '../records/operation-log';
import { raDatabase } from '../testing/ra-database';
import { DashboardStatistics } from './dashboard-statistics';
import { seedDemoRaFigures } from './demo-figures';

describe("npm start's demo figures for the dashboards (issue 17 item 9)", () => {
  let orm: MikroORM;
  const now = new Date('2026-12-05T06:00:00Z');

  beforeAll(async () => {
    orm = await raDatabase();
  });
  afterAll(() => orm.close());

  it('RA-14: seeds every figure once, its steps appended through the chain, which still verifies', async () => {
    await expect(seedDemoRaFigures(orm.em, now)).resolves.toBe(true);
    await expect(seedDemoRaFigures(orm.em, now)).resolves.toBe(false);
    await expect(new OperationLog().verify(orm.em.fork())).resolves.toMatchObject({ intact: true });

    const statistics = new DashboardStatistics(orm.em.fork(), now, 'Asia/Shanghai');
    const applications = await statistics.applicationsPerMonth(6);
    expect(new Set(applications.map((a) => a.month))).toEqual(
      new Set(['2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12']),
    );
    expect(new Set(applications.map((a) => a.region))).toEqual(new Set(['太原市', '大同市', '晋中市']));
    expect((await statistics.stepDurations(6)).map((s) => s.step)).toEqual([
      'enter',
      'approve',
      'issue',
      'deliver',
      'archive',
      'complete',
    ]);
    expect((await statistics.consultationsPerWeek(12)).length).toBeGreaterThan(12);
    expect((await statistics.satisfactionPerMonth(6)).length).toBe(6);
  });
});
