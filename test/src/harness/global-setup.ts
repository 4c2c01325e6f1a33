import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger, freePort, startEmbeddedPostgres } from '@tessera/kit';

/**
 * One embedded PostgreSQL for the whole run (each test file then makes its own database).
 * `TESSERA_TEST_DATABASE_URL` points at an external server instead.
 */
export default async function globalSetup(): Promise<void> {
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  if (process.env.TESSERA_TEST_DATABASE_URL) return;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-test-pg-'));
  const server = await startEmbeddedPostgres({
    dataDir: path.join(dataDir, 'data'),
    port: await freePort(),
    database: 'tessera',
    log: createLogger({ service: 'test-postgres', level: 'warn' }),
  });
  process.env.TESSERA_TEST_DATABASE_URL = server.url;
  (globalThis as { tesseraTestPostgres?: unknown }).tesseraTestPostgres = { server, dataDir };
}
