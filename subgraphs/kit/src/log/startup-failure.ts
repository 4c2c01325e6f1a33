import pino from 'pino';
import { createLogger } from './logger';

/**
 * Ends a process that could not start with one JSON log line on standard output (level `fatal`,
 * the error with its stack, and a configuration error's problems, as fields), written synchronously
 * so that it is out before the process exits with status 1.
 */
export function exitOnStartupFailure(service: string, error: unknown): never {
  const log = createLogger({ service, destination: pino.destination({ dest: 1, sync: true }) });
  log.fatal({ err: error }, `${service} could not start`);
  process.exit(1);
}
