import type { MikroORM } from '@mikro-orm/postgresql';
import { openTestDatabase } from '../testing/test-database';

describe('public status query by subject name (CT-2)', () => {
  let orm: MikroORM;

  beforeAll(async () => {
    orm = await openTestDatabase();
  });
  afterAll(() => orm.close());

  it('CT-2: a partial subject match can use the trigram index instead of scanning every certificate', async () => {
    const plan = await orm.em.fork().transactional(async (em) => {
      // The table is empty here, so the planner is told not to prefer a scan; at scale it does so itself.
      await em.execute('set local enable_seqscan = off');
      return em.execute<{ 'QUERY PLAN': string }[]>(
        `explain select id from "certificate"."certificate" where subject ilike '%shanxi unit%'`,
      );
    });
    expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toContain('certificate_subject_trgm_index');
  });
});
