import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/** The test run's PostgreSQL (embedded by jest's global setup, or external). */
export function testServerUrl(): string {
  const url = process.env.TESSERA_TEST_DATABASE_URL;
  if (!url) throw new Error('TESSERA_TEST_DATABASE_URL is not set: run the tests through jest (global setup)');
  return url;
}

/** A fresh, empty database on the run's server, so test files never see each other's rows. */
export async function createTestDatabase(): Promise<string> {
  const server = testServerUrl();
  const name = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const client = new Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}
