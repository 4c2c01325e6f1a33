import { clientCredentialsTokens } from '../auth/service-tokens';
import { disableTelemetry, loadConfig } from '../config/config';
import { createLogger } from '../log/logger';
import { exitOnStartupFailure } from '../log/startup-failure';
import { stopOnSignals } from './shutdown';
import { type SubgraphModule, startSubgraph } from './subgraph-server';

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
    const running = await startSubgraph(module, { config, databaseUrl: config.database.url, log, serviceTokens });
    stopOnSignals(() => running.close(), log);
  } catch (error) {
    exitOnStartupFailure(module.name, error);
  }
}
