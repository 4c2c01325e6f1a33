import 'reflect-metadata';
import path from 'node:path';
import { createLogger, disableTelemetry, loadConfig } from '@tessera/kit';
import { backupPlatform, restorePlatform } from './platform-backup';

const usage = 'usage: npm run backup -- <folder>  |  npm run restore -- <folder>';

/** `npm run backup` and `npm run restore` of the embedded platform (docs/operations.md). */
async function main(): Promise<void> {
  disableTelemetry();
  const [command, folder] = process.argv.slice(2);
  if ((command !== 'backup' && command !== 'restore') || !folder) throw new Error(usage);
  const config = loadConfig();
  const log = createLogger({ service: command, level: config.logLevel === 'info' ? 'warn' : config.logLevel });
  const target = path.resolve(folder);
  if (command === 'backup') {
    const manifest = await backupPlatform(config, target, log);
    process.stdout.write(
      `Backed up ${config.database.dataDir} to ${target}\n` +
        `  PostgreSQL ${manifest.postgres.serverVersion}, consistent as of WAL ${manifest.postgres.stopLsn}` +
        `${manifest.documents ? '; RA documents included' : ''}\n`,
    );
  } else {
    const manifest = await restorePlatform(config, target, log);
    process.stdout.write(
      `Restored the backup of ${manifest.createdAt} into ${config.database.dataDir}\n` +
        '  start the platform on it with npm start (same DATA_DIR)\n',
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
