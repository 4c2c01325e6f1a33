import type { MikroORM } from '@mikro-orm/postgresql';
import { raDatabase } from '../testing/ra-database';
import { seedDemoFeeSchedule } from './demo-fee-schedule';
import { FeeScheduleEntry } from './fee-schedule-entry.entity';
import { Fees } from './fees';

let orm: MikroORM;

beforeAll(async () => {
  orm = await raDatabase();
});
afterAll(() => orm?.close());

describe('the demo fee schedule (RA-12, RA item 16)', () => {
  it('gives every issuing business type a fee, once, and keeps what an administrator set', async () => {
    await new Fees().setFee(
      orm.em.fork(),
      { businessType: 'new', certificateKind: 'personal', amountFen: 8800 },
      'admin',
    );
    expect(await seedDemoFeeSchedule(orm.em)).toBe(14);
    expect(await seedDemoFeeSchedule(orm.em)).toBe(0);
    const schedule = await orm.em.fork().find(FeeScheduleEntry, {});
    expect(schedule).toHaveLength(15);
    expect(schedule.find((e) => e.businessType === 'new' && e.certificateKind === 'personal')?.amountFen).toBe(8800);
    expect(schedule.find((e) => e.businessType === 'renewal' && e.certificateKind === 'organization')?.amountFen).toBe(
      20000,
    );
  });
});
