import { randomBytes } from 'node:crypto';
import { certificate } from '@tessera/certificate';
import { type IdentityServices, identity } from '@tessera/identity';
import {
  type Config,
  cachedTokens,
  createLogger,
  type EmbeddedPostgres,
  type Logger,
  type RunningService,
  reservePort,
  type ServiceName,
  startSubgraph,
} from '@tessera/kit';
import { type RaServices, ra } from '@tessera/ra';
import { type RunningGateway, startGateway } from '../gateway-server';
import { startEmbeddedDatabase } from './embedded-database';

export interface PlatformOptions {
  config: Config;
  /** Use this database instead of `config.database.url` or the embedded one. */
  databaseUrl?: string;
  /** Listen on free ports instead of the configured ones (tests, benchmarks). */
  ephemeralPorts?: boolean;
  /** Logger per service; defaults to JSON on standard output. */
  logFor?: (service: string) => Logger;
}

/** The whole platform in one process: database, the three subgraphs and the gateway. */
export interface Platform {
  /** The configuration the gateway runs with (the subgraphs' URLs, JWKS and assertion secret filled in). */
  config: Config;
  gateway: RunningGateway;
  identity: RunningService<IdentityServices>;
  certificate: RunningService;
  ra: RunningService<RaServices>;
  databaseUrl: string;
  /** Set when the platform runs its own embedded PostgreSQL. */
  embedded?: EmbeddedPostgres;
  stop(): Promise<void>;
}

/** Lifetime of the tokens services present to each other, in seconds. */
const serviceTokenTtl = 300;

/**
 * Starts the platform: the embedded PostgreSQL unless a database URL is given, then identity
 * (which signs tokens), the certificate subgraph, the RA (which calls the certificate subgraph) and
 * the gateway over all three. In one process, identity mints the tokens the services present to each other,
 * and a gateway assertion secret is generated when none is configured.
 */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  // On free ports, the gateway's is chosen first (identity's OpenID Connect issuer is the gateway's URL) and
  // held until the gateway listens: other processes starting servers meanwhile are not given it.
  const reservation = options.ephemeralPorts ? await reservePort(options.config.host) : undefined;
  const gatewayPort = reservation?.port ?? options.config.gateway.port;
  const defaultPublicUrl = `http://${options.config.host}:${options.config.gateway.port}`;
  // The gateway and the subgraphs share this process, so a secret made now is shared by all of them.
  const config: Config = {
    ...options.config,
    publicUrl:
      options.config.publicUrl === defaultPublicUrl
        ? `http://${options.config.host}:${gatewayPort}`
        : options.config.publicUrl,
    gatewayAssertionSecret: options.config.gatewayAssertionSecret ?? randomBytes(32).toString('base64url'),
  };
  const logFor = options.logFor ?? ((service: string) => createLogger({ service, level: config.logLevel }));
  const started: { close(): Promise<void> }[] = [];
  const stopAll = async () => {
    for (const service of started.reverse()) await service.close().catch(() => undefined);
    await reservation?.release();
  };
  try {
    let embedded: EmbeddedPostgres | undefined;
    let databaseUrl = options.databaseUrl ?? config.database.url;
    if (!databaseUrl) {
      embedded = await startEmbeddedDatabase(config, logFor('postgres'));
      started.push({ close: () => embedded?.stop() ?? Promise.resolve() });
      databaseUrl = embedded.url;
    }
    const port = (name: ServiceName) => (options.ephemeralPorts ? 0 : config.services[name].port);
    const identityService = await startSubgraph(identity, {
      config,
      databaseUrl,
      port: port('identity'),
      log: logFor('identity'),
    });
    started.push(identityService);
    const jwksUrl = new URL('/.well-known/jwks.json', identityService.url).toString();
    const serviceTokens = (name: ServiceName) =>
      cachedTokens(async () => ({
        token: await identityService.services.tokens.issue({ subject: name, kind: 'service', ttl: serviceTokenTtl }),
        expiresInSeconds: serviceTokenTtl,
      }));
    const withPeers = (urls: Partial<Record<ServiceName, string>>): Config => ({
      ...config,
      auth: { ...config.auth, jwksUrl },
      services: Object.fromEntries(
        Object.entries(config.services).map(([name, endpoint]) => [
          name,
          { ...endpoint, url: urls[name as ServiceName] ?? endpoint.url },
        ]),
      ) as Config['services'],
    });
    const certificateService = await startSubgraph(certificate, {
      config: withPeers({ identity: identityService.url }),
      databaseUrl,
      port: port('certificate'),
      log: logFor('certificate'),
      serviceTokens: serviceTokens('certificate'),
    });
    started.push(certificateService);
    // Identity starts first (it signs every token); it learns where the certificate subgraph listens now (issue 15).
    identityService.services.certificateCheck.use(certificateService.url);
    const peerConfig = withPeers({ identity: identityService.url, certificate: certificateService.url });
    const raService = await startSubgraph(ra, {
      config: peerConfig,
      databaseUrl,
      port: port('ra'),
      log: logFor('ra'),
      serviceTokens: serviceTokens('ra'),
    });
    started.push(raService);
    const gateway = await startGateway({
      config: peerConfig,
      port: gatewayPort,
      portReservation: reservation,
      ...(options.ephemeralPorts && { metricsPort: 0 }),
      subgraphUrls: { identity: identityService.url, certificate: certificateService.url, ra: raService.url },
      log: logFor('gateway'),
    });
    started.push(gateway);
    return {
      config: peerConfig,
      gateway,
      identity: identityService,
      certificate: certificateService,
      ra: raService,
      databaseUrl,
      embedded,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
