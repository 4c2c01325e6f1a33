import 'reflect-metadata';
import { createLogger, disableTelemetry, exitOnStartupFailure, loadConfig, stopOnSignals } from '@tessera/kit';
import { startGateway } from './gateway-server';

/** The gateway as its own process (the docker stack); subgraph URLs come from the configuration. */
async function main(): Promise<void> {
  disableTelemetry();
  const config = loadConfig();
  const log = createLogger({ service: 'gateway', level: config.logLevel });
  const gateway = await startGateway({ config, log });
  stopOnSignals(() => gateway.close(), log);
}

main().catch((error: unknown) => exitOnStartupFailure('gateway', error));
