import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import {
  certificate,
  createKeyBackend,
  createPki,
  type Pki,
  softHsmAvailable,
  softHsmToken,
} from '@tessera/certificate';
import { createLogger, openDatabase } from '@tessera/kit';
import pg from 'pg';

export type BenchKeyBackend = 'software' | 'pkcs11';
export type BenchAlgorithm = 'P-256' | 'RSA-2048' | 'SM2';

/** A CA of its own (hierarchy, keys, tables) in a fresh database beside the platform's. */
export interface BenchPki {
  pki: Pki;
  orm: MikroORM;
  close(): Promise<void>;
}

/** Whether a backend can run here; SoftHSM2 is optional outside CI (the benchmark says when it skips). */
export function backendAvailable(backend: BenchKeyBackend): boolean {
  return backend === 'software' || softHsmAvailable();
}

/**
 * Opens a new database on the platform's PostgreSQL, migrated for the certificate subgraph, and
 * creates a CA hierarchy there with `algorithm` keys in `backend`: each key setup measured alone.
 */
export async function openBenchPki(
  platformOrm: MikroORM,
  backend: BenchKeyBackend,
  algorithm: BenchAlgorithm,
): Promise<BenchPki> {
  const name = `bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await platformOrm.em.getConnection().execute(`create database "${name}"`);
  const url = new URL(platformOrm.config.get('clientUrl') as string);
  url.pathname = `/${name}`;
  const orm = await openDatabase({
    url: url.toString(),
    schema: 'certificate',
    entities: certificate.entities,
    migrations: certificate.migrations,
    log: createLogger({ service: 'bench', level: 'warn' }),
  });
  const keys =
    backend === 'software'
      ? createKeyBackend(orm.em, { kind: 'software', keyEncryptionKey: Buffer.alloc(32, 5) })
      : createKeyBackend(orm.em, { kind: 'pkcs11', ...(await softHsmToken()) });
  const pki = createPki(orm.em, keys, { publicUrl: 'http://127.0.0.1:9', algorithm });
  await pki.start();
  return {
    pki,
    orm,
    async close() {
      await pki.crls.idle();
      await keys.close();
      await orm.close();
      // On a connection of its own without the serving statement timeout: a drop waits for a checkpoint, which on
      // a busy machine outlasts it.
      const admin = new pg.Client({
        connectionString: platformOrm.config.get('clientUrl') as string,
        options: '-c statement_timeout=0',
      });
      await admin.connect();
      try {
        await admin.query(`drop database "${name}" with (force)`);
      } finally {
        await admin.end();
      }
    },
  };
}
