import path from 'node:path';
import { type Config, type EmbeddedPostgres, type Logger, startEmbeddedPostgres } from '@tessera/kit';

/** `npm start`'s embedded PostgreSQL, on the data folder (`DATA_DIR/postgres`). */
export function startEmbeddedDatabase(config: Config, log: Logger): Promise<EmbeddedPostgres> {
  return startEmbeddedPostgres({
    dataDir: path.join(config.database.dataDir, 'postgres'),
    port: config.database.embeddedPort,
    database: 'tessera',
    log,
  });
}
