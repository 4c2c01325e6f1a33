import { createHash } from 'node:crypto';
import { subjectAttributeSql } from '@tessera/certificate';
import type { Benchmark } from './benchmark';
import { measureRate } from './rate';
import { certificateSeeder } from './seeded-certificates';

export interface StatusQuerySizes {
  baseline: number;
  target: number;
  /** Fail when the plans at `target` do not use the subject indexes (small tables are scanned, rightly). */
  requireIndex: boolean;
}

/**
 * Names as varied as real ones (12 hex digits of MD5(i), as the seeding SQL writes them), so that a
 * partial match on one name finds that row and its trigrams are as selective as a real name's.
 */
const nameOf = (i: number) => createHash('md5').update(String(i)).digest('hex').slice(0, 12);
const subjectOf = (i: number) => `CN=Holder ${nameOf(i)},O=Bench Org ${i % 1000},C=CN`;
const termOf = (i: number) => nameOf(i);

/**
 * Issue 4 (CT-2): the public status query by part of the subject name at `target` certificates
 * against the same query at `baseline`, at the certificate subgraph over HTTP, with the plan of its
 * SQL printed and required to use the trigram index; the plan of the exact match by a name (CN or
 * O) is printed too and required to use their expression indexes. Rows are written straight into
 * the table (generate_series). A staff token keeps the per-address rate limit out of the measurement.
 */
export function statusQueryBenchmark(
  sizes: StatusQuerySizes = { baseline: 1_000, target: 1_000_000, requireIndex: true },
): Benchmark {
  return {
    name: 'status-query',
    async run(ctx) {
      const { platform } = await ctx.stack();
      const connection = platform.certificate.orm.em.getConnection();
      const seedTo = certificateSeeder(platform.certificate.orm.em, 'b');
      const token = await platform.identity.services.tokens.issue({
        subject: 'bench-status',
        kind: 'staff',
        roles: ['ADMINISTRATOR'],
      });
      const search = (rows: number) => async () => {
        const i = 1 + Math.floor(Math.random() * rows);
        const response = await fetch(platform.certificate.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({
            query:
              'query($s: String!) { certificateStatus(subject: $s) { total certificates { serialNumber state } } }',
            variables: { s: termOf(i) },
          }),
        });
        const body = (await response.json()) as { data?: { certificateStatus: { total: number } } };
        if ((body.data?.certificateStatus.total ?? 0) < 1)
          throw new Error(`search for ${subjectOf(i)}: ${JSON.stringify(body)}`);
      };
      const settings = {
        concurrency: ctx.load.connections,
        warmupSeconds: ctx.load.warmupSeconds,
        durationSeconds: ctx.load.durationSeconds,
      };
      await seedTo(sizes.baseline);
      const small = await measureRate(search(sizes.baseline), settings);
      await seedTo(sizes.target);
      const large = await measureRate(search(sizes.target), settings);
      const plan: { 'QUERY PLAN': string }[] = await connection.execute(
        `explain select * from "certificate"."certificate" where subject ilike ? order by not_after desc, id asc limit 20`,
        [`%${termOf(sizes.target)}%`],
      );
      const planText = plan.map((row) => row['QUERY PLAN'].trim()).join(' / ');
      if (sizes.requireIndex && !planText.includes('certificate_subject_trgm_index')) {
        throw new Error(`the partial subject match does not use the trigram index: ${planText}`);
      }
      // The exact match by a name (CT-2): the holder's CN, or the unit's O.
      const exact: { 'QUERY PLAN': string }[] = await connection.execute(
        `explain select * from "certificate"."certificate"
         where ${subjectAttributeSql('CN')} = ? or ${subjectAttributeSql('O')} = ?
         order by not_after desc, id asc limit 20`,
        [`Holder ${nameOf(sizes.target)}`, `Holder ${nameOf(sizes.target)}`],
      );
      const exactPlanText = exact.map((row) => row['QUERY PLAN'].trim()).join(' / ');
      if (sizes.requireIndex && !exactPlanText.includes('certificate_subject_cn_index')) {
        throw new Error(`the exact name match does not use the name indexes: ${exactPlanText}`);
      }
      return [
        {
          benchmark: 'status-query',
          subject: `${sizes.target} certificates`,
          baseline: `${sizes.baseline} certificates`,
          settings: {
            concurrency: settings.concurrency,
            seconds: settings.durationSeconds,
            plan: planText,
            exactPlan: exactPlanText,
          },
          metrics: [
            { name: 'queries/s', subject: large.perSecond, baseline: small.perSecond },
            { name: 'p50 ms', subject: large.p50Ms, baseline: small.p50Ms },
            { name: 'p99 ms', subject: large.p99Ms, baseline: small.p99Ms },
          ],
        },
      ];
    },
  };
}

export const certificateStatusQuery = statusQueryBenchmark();
