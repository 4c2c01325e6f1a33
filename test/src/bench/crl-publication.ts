import { performance } from 'node:perf_hooks';
import type { Benchmark } from './benchmark';
import { openBenchPki } from './certificate-pki';
import { median } from './rate';

export interface CrlSizes {
  baseline: number;
  target: number;
  rounds: number;
}

/**
 * Issue 4: one CRL publication (read the revoked rows, encode, lint, sign with the CA key, store)
 * with `target` revoked certificates against the same with `baseline`, on a CA of its own whose rows
 * are written straight into its table. Linear encoding shows as a time ratio near target/baseline.
 */
export function crlPublicationBenchmark(sizes: CrlSizes = { baseline: 1_000, target: 100_000, rounds: 5 }): Benchmark {
  return {
    name: 'crl-publication',
    async run(ctx) {
      const { platform } = await ctx.stack();
      const bench = await openBenchPki(platform.certificate.orm, 'software', 'P-256');
      try {
        const issuing = await bench.pki.hierarchy.issuing();
        const connection = bench.orm.em.getConnection();
        let seeded = 0;
        const seedTo = async (rows: number) => {
          await connection.execute(
            `insert into "certificate"."certificate" (id, serial_number, subject, kind, usage, not_before, not_after,
               created_at, authority_id, issued_at, revoked_at, revocation_reason)
             select gen_random_uuid(), md5('crl-bench-' || i), 'CN=Revoked ' || i, 'personal', 'signing', now(),
               now() + interval '1 year', now(), ?, now(), now() - i * interval '1 second',
               (array['keyCompromise', 'superseded', 'certificateHold', null])[1 + i % 4]
             from generate_series(?::int, ?::int) i`,
            [issuing.entity.id, seeded + 1, rows],
          );
          seeded = rows;
          await connection.execute('analyze "certificate"."certificate"');
        };
        const publish = async () => {
          const times: number[] = [];
          let entries = 0;
          for (let round = 0; round < sizes.rounds; round++) {
            const started = performance.now();
            entries = (await bench.pki.crls.publish('issuing')).entries;
            times.push(performance.now() - started);
          }
          return { ms: median(times), entries };
        };
        await seedTo(sizes.baseline);
        const small = await publish();
        await seedTo(sizes.target);
        const large = await publish();
        if (small.entries !== sizes.baseline || large.entries !== sizes.target) {
          throw new Error(`CRLs listed ${small.entries} and ${large.entries} entries`);
        }
        return [
          {
            benchmark: 'crl-publication',
            subject: `${sizes.target} entries`,
            baseline: `${sizes.baseline} entries`,
            settings: { algorithm: 'P-256', backend: 'software', rounds: sizes.rounds, statistic: 'median' },
            metrics: [
              { name: 'publication ms', subject: large.ms, baseline: small.ms },
              {
                name: 'µs per entry',
                subject: (large.ms * 1000) / large.entries,
                baseline: (small.ms * 1000) / small.entries,
              },
            ],
          },
        ];
      } finally {
        await bench.close();
      }
    },
  };
}

export const crlPublication = crlPublicationBenchmark();
