import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Grows the certificate table to a number of rows written straight into it (generate_series, 250,000 a statement),
 * personal signing certificates of made-up holders (`CN=Holder <hash>,O=Bench Org <n>,C=CN`) whose serials start
 * with `prefix`, so that two benchmarks seeding the same database never collide; the table is vacuumed and analysed
 * after each growth, as it would be in service.
 */
export function certificateSeeder(em: EntityManager, prefix: string): (rows: number) => Promise<void> {
  const connection = em.getConnection();
  let seeded = 0;
  return async (rows) => {
    const batch = 250_000;
    for (let from = seeded + 1; from <= rows; from += batch) {
      await connection.execute(
        `insert into "certificate"."certificate" (id, serial_number, subject, kind, usage, not_before, not_after,
           created_at, issued_at)
         select gen_random_uuid(), ? || lpad(to_hex(i), 15, '0'),
           'CN=Holder ' || left(md5(i::text), 12) || ',O=Bench Org ' || (i % 1000) || ',C=CN',
           'personal', 'signing', now() - interval '1 day', now() + interval '1 year', now(), now()
         from generate_series(?::int, ?::int) i`,
        [prefix, from, Math.min(rows, from + batch - 1)],
      );
    }
    seeded = Math.max(seeded, rows);
    await connection.execute('vacuum analyze "certificate"."certificate"');
  };
}
