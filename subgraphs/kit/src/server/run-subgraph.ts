import { clientCredentialsTokens } from '../auth/service-tokens';
import { type Config, disableTelemetry, loadConfig } from '../config/config';
import { createLogger, type Logger } from '../log/logger';
import { exitOnStartupFailure } from '../log/startup-failure';
import { stopOnSignals } from './shutdown';
import { type RunningService, type SubgraphModule, startSubgraph } from './subgraph-server';

/**
 * Starts one subgraph the way a process of its own runs it (the docker stack, Kubernetes, `npm start`'s
 * service processes): on `DATABASE_URL`, calling other services with tokens from identity's client-credentials
 * grant when it has a `SERVICE_CLIENT_SECRET`.
 */
export async function startOwnSubgraph<S extends object>(
  module: SubgraphModule<S>,
  config: Config,
  log: Logger,
): Promise<RunningService<S>> {
  if (!config.database.url) {
    throw new Error('DATABASE_URL is required to run a subgraph on its own (npm start runs the embedded platform)');
  }
  const serviceTokens = config.auth.serviceClientSecret
    ? clientCredentialsTokens(
        {
          tokenUrl: config.auth.tokenUrl,
          clientId: module.name,
          clientSecret: config.auth.serviceClientSecret,
        },
        config.runtime.serviceCallTimeoutMs,
      )
    : undefined;
  return startSubgraph(module, { config, databaseUrl: config.database.url, log, serviceTokens });
}

/**
 * Entry point of one subgraph as its own process (the docker stack, Kubernetes): `DATABASE_URL` is
 * required. Any failure to start, from the configuration to the first request it could serve, ends
 * the process with one JSON log line.
 */
export async function runSubgraph(module: SubgraphModule): Promise<void> {
  disableTelemetry();
  try {
    const config = loadConfig();
    const log = createLogger({ service: module.name, level: config.logLevel });
    const running = await startOwnSubgraph(module, config, log);
    stopOnSignals(() => running.close(), log);
  } catch (error) {
    exitOnStartupFailure(module.name, error);
  }
}
