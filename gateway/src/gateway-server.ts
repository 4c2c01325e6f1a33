import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import {
  type Config,
  createErrorFormatter,
  createHttpApp,
  createLogger,
  currentScope,
  disableTelemetry,
  finishApp,
  GatewayAssertion,
  GracefulStop,
  graphqlRequestGuard,
  type Logger,
  listen,
  Metrics,
  managementPort,
  messageFor,
  negotiateLocale,
  operationLimits,
  type PortReservation,
  RemoteRevocations,
  requestLogPlugin,
  requestScope,
  revokedSessionsUrl,
  type ServiceName,
  serveMetrics,
  TokenVerifier,
  Tracing,
} from '@tessera/kit';
import express from 'express';
import { Histogram } from 'prom-client';
import { Agent } from 'undici';
import { serveClients } from './clients';
import type { GatewayContext } from './context';
import { forwardFirst, serveForwardedRoutes } from './forwarded-routes';
import { documentDownloadsPlugin } from './plugins/document-downloads';
import { operationResolutionPlugin } from './plugins/operation-resolution';
import { TrustedOperations, trustedOperationsPlugin } from './plugins/trusted-operations';
import { subgraphsReady } from './readiness';
import { SubgraphDataSource } from './subgraph-data-source';
import { supergraphFromFile } from './supergraph-file';

export interface GatewayOptions {
  config: Config;
  /** GraphQL URL of each subgraph; defaults to the configured ones. */
  subgraphUrls?: Record<ServiceName, string>;
  /** Port to listen on; defaults to the configured one, 0 picks a free port. */
  port?: number;
  /** A port reserved before the gateway's URL was given out: released right before the gateway listens on it. */
  portReservation?: PortReservation;
  /** Management port (`/metrics`); defaults to the port plus `METRICS_PORT_OFFSET`, 0 picks a free port. */
  metricsPort?: number;
  log?: Logger;
}

export interface RunningGateway {
  url: string;
  port: number;
  /** `/metrics` on the management port. */
  metricsUrl: string;
  close(): Promise<void>;
}

/** The federated graph: @apollo/gateway over the static supergraph, plus health, metrics and the clients. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { config } = options;
  const log = options.log ?? createLogger({ service: 'gateway', level: config.logLevel });
  const urls: Record<ServiceName, string> = options.subgraphUrls ?? {
    identity: config.services.identity.url,
    certificate: config.services.certificate.url,
    ra: config.services.ra.url,
  };
  const metrics = new Metrics('gateway');
  const tracing = Tracing.start('gateway', config);
  const subgraphLatency = new Histogram({
    name: 'tessera_gateway_subgraph_request_duration_seconds',
    help: 'Latency of the fetches the gateway makes to each subgraph',
    labelNames: ['subgraph', 'outcome'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [metrics.registry],
  });
  disableTelemetry();
  const assertion = GatewayAssertion.fromConfig(config);
  if (!assertion) log.warn('GATEWAY_ASSERTION_SECRET is not set: subgraphs will see the gateway as any other caller');
  // One keep-alive connection pool for every subgraph fetch, closed with the gateway.
  const subgraphConnections = new Agent();
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphFromFile(config.gateway.supergraphPath, config.gateway.watchSupergraph, log),
    buildService: ({ name, url }) => {
      const target = urls[name as ServiceName] ?? url;
      if (!target) throw new Error(`No URL for subgraph ${name}`);
      return new SubgraphDataSource(
        name,
        target,
        { latency: subgraphLatency, assertion, tracing },
        { dispatcher: subgraphConnections, timeoutMs: config.runtime.subgraphTimeoutMs },
      );
    },
    logger: log,
  });
  const verifier = new TokenVerifier({
    issuer: config.auth.issuer,
    audience: config.auth.audience,
    keys: new URL(config.auth.jwksUrl),
    jwksCacheMs: config.auth.jwksCacheMs,
    revocations: new RemoteRevocations({
      url: revokedSessionsUrl(config.auth.jwksUrl),
      refreshMs: config.auth.revocationRefreshMs,
      // The gateway answers the clients: an ended session is refused from the first request after it ended.
      everyRequest: true,
      log,
    }),
  });
  const protection = operationLimits(config);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: config.introspection,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    validationRules: protection.validationRules,
    formatError: createErrorFormatter(log, config.defaultLocale),
    plugins: [
      ...protection.plugins,
      ApolloServerPluginLandingPageDisabled(),
      metrics.plugin<GatewayContext>(),
      tracing.plugin<GatewayContext>(),
      requestLogPlugin<GatewayContext>(),
      operationResolutionPlugin<GatewayContext>(),
      documentDownloadsPlugin<GatewayContext>(),
      ...(config.gateway.trustedOperationsOnly
        ? [trustedOperationsPlugin<GatewayContext>(TrustedOperations.fromClients(config.clientsDir, log))]
        : []),
    ],
  });
  await apollo.start();

  const stopping = new GracefulStop(config.runtime.shutdown);
  const app = createHttpApp({ tracing, ready: stopping.readiness(subgraphsReady(urls)) });
  app.set('trust proxy', config.gateway.trustProxy);
  app.use(
    '/graphql',
    express.json({ limit: config.maxBodyBytes }),
    requestScope(log, config.defaultLocale),
    graphqlRequestGuard(config),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const scope = currentScope();
        if (!scope) throw new Error('request scope missing');
        const authorization = req.header('authorization');
        const viewer = await verifier.viewerOf(authorization);
        return { ...scope, authorization, viewer, clientAddress: req.ip };
      },
    }),
  );
  serveForwardedRoutes(app, urls, config.runtime.subgraphTimeoutMs);
  serveClients(app, config.clientsDir, {
    ekeyAgentOrigin: config.ekeyAgentOrigin,
    timeZone: config.bureauTimeZone,
    branding: config.branding,
  });
  finishApp(app, log, (code, req) =>
    messageFor(code, negotiateLocale(req.header('accept-language'), config.defaultLocale)),
  );

  const port = options.portReservation?.port ?? options.port ?? config.gateway.port;
  await options.portReservation?.release();
  const server = await listen(
    app,
    config.host,
    port,
    log,
    // With tracing on, OCSP and identity's routes go through Express like the others, each request with its span.
    tracing.enabled ? undefined : forwardFirst(urls, config.runtime.subgraphTimeoutMs, app.get('trust proxy fn')),
  );
  const url = `http://${config.host}:${server.port}/graphql`;
  const management = await serveMetrics(
    config,
    metrics,
    options.metricsPort ?? managementPort(config, port),
    log,
  ).catch(async (error: unknown) => {
    await server.close();
    throw error;
  });
  const metricsUrl = `http://${config.host}:${management.port}/metrics`;
  log.info({ url, metricsUrl }, 'gateway ready');
  return {
    url,
    port: server.port,
    metricsUrl,
    close: async () => {
      await stopping.stop(server);
      await management.close();
      await apollo.stop();
      await subgraphConnections.close();
      await tracing.close();
    },
  };
}
