import { clientCredentialsTokens } from '../auth/service-tokens';
import { disableTelemetry, loadConfig } from '../config/config';
import { createLogger } from '../log/logger';
import { stopOnSignals } from './shutdown';
import { type SubgraphModule, startSubgraph } from './subgraph-server';

/** Entry point of one subgraph as its own process (the docker stack): `DATABASE_URL` is required. */
export async function runSubgraph(module: SubgraphModule): Promise<void> {
  disableTelemetry();
  const config = loadConfig();
  const log = createLogger({ service: module.name, level: config.logLevel });
  if (!config.database.url) {
    log.fatal('DATABASE_URL is required to run a subgraph on its own (npm start runs the embedded platform)');
    process.exit(1);
  }
  const serviceTokens = config.auth.serviceClientSecret
    ? clientCredentialsTokens({
        tokenUrl: config.auth.tokenUrl,
        clientId: module.name,
        clientSecret: config.auth.serviceClientSecret,
      })
    : undefined;
  const running = await startSubgraph(module, { config, databaseUrl: config.database.url, log, serviceTokens });
  stopOnSignals(() => running.close(), log);
}
