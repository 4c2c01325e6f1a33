import type { MikroORM } from '@mikro-orm/postgresql';
import type { BusinessType } from '../applications/business-type';
import { CertificateApplication } from '../applications/certificate-application.entity';
import { raDatabase } from '../testing/ra-database';
import { unitSubscriber } from '../testing/subscribers';
import { TaskCompletionRecord } from './task-completion-record.entity';
import { TaskCompletions } from './task-completions';

let orm: MikroORM;
const completions = new TaskCompletions();

beforeAll(async () => {
  orm = await raDatabase();
  const em = orm.em.fork();
  const subscriber = unitSubscriber(em, { socialInsuranceNumber: 'SI-RA13' });
  const completed = (day: number, businessType: BusinessType, enteredBy: string, completedBy = 'archive-1') =>
    em.create(TaskCompletionRecord, {
      application: em.create(CertificateApplication, { businessType, subscriber, state: 'completed' }),
      businessType,
      completedBy,
      completedAt: new Date(Date.UTC(2026, 10, day, 2)),
      steps: { submittedBy: enteredBy, enteredBy, reviewedBy: 'review-1', archivedBy: completedBy },
    });
  completed(2, 'new', 'entry-1');
  completed(3, 'renewal', 'entry-2');
  completed(4, 'new', 'entry-2');
  completed(5, 'suspension', 'entry-1', 'archive-2');
  await em.flush();
});
afterAll(() => orm?.close());

const days = (records: TaskCompletionRecord[]) => records.map((r) => r.completedAt.getUTCDate());

describe('task completion records (RA-13)', () => {
  it('lists them newest first, paged, with the total', async () => {
    const page = await completions.page(orm.em.fork(), {}, 1, 2);
    expect(page.total).toBe(4);
    expect(days(page.records)).toEqual([4, 3]);
  });

  it('filters by completion time, business type and a clerk who took any step', async () => {
    const em = orm.em.fork();
    const range = { from: new Date(Date.UTC(2026, 10, 3)), to: new Date(Date.UTC(2026, 10, 5)) };
    expect(days((await completions.page(em, range, 0, 50)).records)).toEqual([4, 3]);
    expect(days((await completions.page(em, { businessType: 'new' }, 0, 50)).records)).toEqual([4, 2]);
    expect(days((await completions.page(em, { clerk: 'entry-2' }, 0, 50)).records)).toEqual([4, 3]);
    expect(days((await completions.page(em, { clerk: 'archive-2' }, 0, 50)).records)).toEqual([5]);
    expect(days((await completions.page(em, { clerk: 'entry-1', businessType: 'new' }, 0, 50)).records)).toEqual([2]);
    expect((await completions.page(em, { clerk: 'nobody' }, 0, 50)).total).toBe(0);
  });

  it('refuses a page out of bounds or an empty time range', async () => {
    const em = orm.em.fork();
    await expect(completions.page(em, {}, -1, 10)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(completions.page(em, {}, 0, 201)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    const at = new Date(Date.UTC(2026, 10, 3));
    await expect(completions.page(em, { from: at, to: at }, 0, 10)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
