import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createLogger, openDatabase } from '@tessera/kit';
import { Client } from 'pg';
import { certificate } from '../index';

/**
 * A fresh database on the test run's PostgreSQL (started by jest's global setup), migrated with
 * the certificate subgraph's committed migrations.
 */
export async function openTestDatabase(): Promise<MikroORM> {
  const server = process.env.TESSERA_TEST_DATABASE_URL;
  if (!server) throw new Error('TESSERA_TEST_DATABASE_URL is not set: run the tests through jest');
  const name = `c_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return openDatabase({
    url: url.toString(),
    schema: 'certificate',
    entities: certificate.entities,
    migrations: certificate.migrations,
    log: createLogger({ service: 'certificate-test', level: 'warn' }),
  });
}
