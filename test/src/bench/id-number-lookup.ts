import type { Benchmark } from './benchmark';
import { measureRate } from './rate';

const batchSize = 5000;
const target = 1_000_000;
const baselineRows = 1_000;

/** A synthetic 18-character ID number per row (search does not check checksums, ID-18). */
const idNumberOf = (i: number) => `990101${String(i).padStart(12, '0')}`;

/**
 * Issue 3: staff search by ID number (ID-18, through the keyed HMAC index) at 1,000,000 users
 * against the same search at 1,000 users, at the identity subgraph, with the query plan printed.
 * Rows are written straight into the table; the index values are the subgraph's own HMACs.
 */
export const idNumberLookup: Benchmark = {
  name: 'id-number-lookup',
  async run(ctx) {
    const { platform } = await ctx.stack();
    const { protector } = platform.identity.services;
    const connection = platform.identity.orm.em.getConnection();
    const indexOf = (i: number) => protector.index('idNumber', `RESIDENT_ID_CARD:${idNumberOf(i)}`);
    let seeded = 0;
    const seedTo = async (rows: number) => {
      while (seeded < rows) {
        const values = Array.from({ length: Math.min(batchSize, rows - seeded) }, (_, k) => {
          const i = seeded + k;
          return `(gen_random_uuid(), 'bench-user-${i}', 'citizen', 'bench', '{}', now(), now(), 'RESIDENT_ID_CARD', '${indexOf(i)}')`;
        });
        await connection.execute(
          `insert into "identity"."user" (id, username, kind, display_name, roles, created_at, updated_at, id_type, id_number_index) values ${values.join(',')}`,
        );
        seeded += values.length;
      }
      await connection.execute('analyze "identity"."user"');
    };
    const token = await platform.identity.services.tokens.issue({
      subject: 'bench-admin',
      kind: 'staff',
      roles: ['ADMINISTRATOR'],
    });
    const lookup = (rows: number) => async () => {
      const i = Math.floor(Math.random() * rows);
      const response = await fetch(platform.identity.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: 'query($n: String!) { searchUsers(input: { idNumber: $n }) { id } }',
          variables: { n: idNumberOf(i) },
        }),
      });
      const body = (await response.json()) as { data?: { searchUsers: unknown[] } };
      if (body.data?.searchUsers.length !== 1) throw new Error(`lookup of row ${i} found ${JSON.stringify(body)}`);
    };
    const settings = {
      concurrency: ctx.load.connections,
      warmupSeconds: ctx.load.warmupSeconds,
      durationSeconds: ctx.load.durationSeconds,
    };
    await seedTo(baselineRows);
    const small = await measureRate(lookup(baselineRows), settings);
    await seedTo(target);
    const large = await measureRate(lookup(target), settings);
    const plan: { 'QUERY PLAN': string }[] = await connection.execute(
      `explain select * from "identity"."user" where id_number_index = '${indexOf(target - 1)}'`,
    );
    const planText = plan.map((row) => row['QUERY PLAN'].trim()).join(' / ');
    return [
      {
        benchmark: 'id-number-lookup',
        subject: `${target} users`,
        baseline: `${baselineRows} users`,
        settings: { concurrency: settings.concurrency, seconds: settings.durationSeconds, plan: planText },
        metrics: [
          { name: 'lookups/s', subject: large.perSecond, baseline: small.perSecond },
          { name: 'p50 ms', subject: large.p50Ms, baseline: small.p50Ms },
          { name: 'p99 ms', subject: large.p99Ms, baseline: small.p99Ms },
        ],
      },
    ];
  },
};
