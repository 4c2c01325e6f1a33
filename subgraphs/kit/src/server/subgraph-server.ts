import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { EntityClass } from '@mikro-orm/core';
import type { MigrationObject, MikroORM } from '@mikro-orm/postgresql';
import express, { type Router } from 'express';
import type { JSONWebKeySet } from 'jose';
import type { ServiceTokenSource } from '../auth/service-tokens';
import { RemoteRevocations, revokedSessionsUrl, type SessionRevocations } from '../auth/session-revocations';
import { TokenVerifier } from '../auth/token-verifier';
import type { Config, ServiceName } from '../config/config';
import { messageFor } from '../errors/catalogue';
import { createErrorFormatter } from '../errors/format-error';
import { negotiateLocale } from '../errors/locale';
import type { BuiltSubgraph } from '../federation/build-subgraph';
import type { GraphContext } from '../federation/context';
import { Loaders } from '../federation/loaders';
import { type JobDefinition, withConfiguredPeriods } from '../jobs/job-definition';
import { JobScheduler } from '../jobs/job-scheduler';
import { operationLimits } from '../limits/operation-limits';
import { createLogger, type Logger } from '../log/logger';
import { openDatabase } from '../orm/database';
import { registerPoolMetrics } from '../orm/pool-metrics';
import { Tracing } from '../tracing/tracing';
import { GracefulStop } from './graceful-stop';
import { graphqlRequestGuard } from './graphql-request-guard';
import { createHttpApp, type FirstRequestListener, finishApp, listen } from './http';
import { Metrics } from './metrics';
import { managementPort, serveMetrics } from './metrics-server';
import { requestLogPlugin } from './request-log';
import { currentScope, requestScope } from './request-scope';
import { SubgraphCallers } from './subgraph-callers';

/** What a subgraph package exports so the platform can run it; `S` are the services its setup makes. */
export interface SubgraphModule<S extends object = object> {
  name: ServiceName;
  entities: EntityClass<unknown>[];
  migrations: MigrationObject[];
  /** The federation schema (built once per process). */
  schema(): Promise<BuiltSubgraph>;
  /**
   * Throws on settings this subgraph refuses to run with (production keys and secrets): called
   * before the database is touched, so a bad configuration fails before any migration runs.
   */
  checkConfig?(config: Config): void;
  /** Runs once the database is migrated: seeds, extra HTTP routes, scheduled jobs. */
  setup?(env: SetupEnvironment): Promise<SubgraphSetup<S>>;
}

export interface SetupEnvironment {
  orm: MikroORM;
  config: Config;
  log: Logger;
  /** Mounted at the root of the subgraph's HTTP server, before `/graphql`. */
  routes: Router;
  /** Tokens for calling other Tessera services, when the platform provides them. */
  serviceTokens?: ServiceTokenSource;
  /** The database's URL, for cluster-wide first-start work under `withAdvisoryLock`. */
  databaseUrl: string;
  /** The process's Prometheus registry, for the subgraph's domain metrics. */
  metrics: Metrics;
  /** Spans of calls to other services (no-ops with tracing off). */
  tracing: Tracing;
}

export interface SubgraphSetup<S extends object = object> {
  /** Domain services made at start, exposed to the process that runs the subgraph (tests, jobs). */
  services: S;
  /** Verify tokens against these keys instead of fetching the JWKS (the identity subgraph, which signs them). */
  tokenKeys?: () => Promise<JSONWebKeySet>;
  /** Check sessions here instead of fetching identity's list of ended ones (the identity subgraph, which owns them). */
  tokenRevocations?: SessionRevocations;
  /**
   * Scheduled work, run once per period across all replicas (see `JobScheduler`); the subgraph
   * lists `JobRun` among its entities and creates `job_run` in a migration.
   */
  jobs?: JobDefinition[];
  /**
   * A hot path served before Express (`FirstRequestListener`): none of the app's middleware runs for the
   * requests it takes, so it sends the security headers itself. With tracing on, it is not installed and
   * those requests go through Express like the others, each with its span.
   */
  firstRequests?: FirstRequestListener;
  close?(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  databaseUrl: string;
  /** Port to listen on; defaults to the configured one, 0 picks a free port. */
  port?: number;
  /** Management port (`/metrics`); defaults to the port plus `METRICS_PORT_OFFSET`, 0 picks a free port. */
  metricsPort?: number;
  log?: Logger;
  /** Tokens this subgraph presents to other services (see `SetupEnvironment`). */
  serviceTokens?: ServiceTokenSource;
}

export interface RunningService<S extends object = object> {
  name: string;
  services: S;
  url: string;
  port: number;
  /** `/metrics` on the management port. */
  metricsUrl: string;
  orm: MikroORM;
  close(): Promise<void>;
}

/** Opens the database, builds the schema and serves one subgraph over HTTP. */
export async function startSubgraph<S extends object>(
  module: SubgraphModule<S>,
  options: StartOptions,
): Promise<RunningService<S>> {
  const { config } = options;
  const log = options.log ?? createLogger({ service: module.name, level: config.logLevel });
  module.checkConfig?.(config);
  const callers = new SubgraphCallers(config);
  const orm = await openDatabase({
    url: options.databaseUrl,
    schema: module.name,
    entities: module.entities,
    migrations: module.migrations,
    log,
    poolSize: config.runtime.databasePoolSize,
    statementTimeoutMs: config.runtime.statementTimeoutMs,
    connectTimeoutMs: config.runtime.databaseConnectTimeoutMs,
    migrate: config.runtime.migrateOnStart,
  });
  let setup: SubgraphSetup<S> | undefined;
  let apollo: ApolloServer<GraphContext> | undefined;
  let scheduler: JobScheduler | undefined;
  const tracing = Tracing.start(module.name, config);
  try {
    const metrics = new Metrics(module.name);
    registerPoolMetrics(metrics.registry, orm);
    tracing.traceQueries(orm.em.getConnection().getKnex(), module.name);
    const routes = express.Router();
    setup = (await module.setup?.({
      orm,
      config,
      log,
      routes,
      serviceTokens: options.serviceTokens,
      databaseUrl: options.databaseUrl,
      metrics,
      tracing,
    })) ?? {
      services: {} as S,
    };
    const verifier = new TokenVerifier({
      issuer: config.auth.issuer,
      audience: config.auth.audience,
      keys: setup.tokenKeys ?? new URL(config.auth.jwksUrl),
      jwksCacheMs: config.auth.jwksCacheMs,
      revocations:
        setup.tokenRevocations ??
        new RemoteRevocations({
          url: revokedSessionsUrl(config.auth.jwksUrl),
          refreshMs: config.auth.revocationRefreshMs,
          log,
        }),
    });
    const { schema } = await module.schema();
    scheduler = new JobScheduler({
      orm,
      schema: module.name,
      jobs: withConfiguredPeriods(setup.jobs ?? [], config.jobPeriods),
      log: log.child({ component: 'jobs' }),
      registry: metrics.registry,
    });
    const limits = operationLimits(config);
    apollo = new ApolloServer<GraphContext>({
      schema,
      introspection: config.introspection,
      includeStacktraceInErrorResponses: false,
      csrfPrevention: true,
      allowBatchedHttpRequests: false,
      validationRules: limits.validationRules,
      formatError: createErrorFormatter(log, config.defaultLocale),
      plugins: [
        ...limits.plugins,
        ApolloServerPluginLandingPageDisabled(),
        ApolloServerPluginInlineTraceDisabled(),
        metrics.plugin<GraphContext>(),
        tracing.plugin<GraphContext>(),
        requestLogPlugin<GraphContext>(),
      ],
    });
    await apollo.start();

    // No `trust proxy`: X-Forwarded-For is never believed here. The gateway names the client in
    // its signed assertion (SubgraphCallers); anyone else is known by the socket's address.
    const stopping = new GracefulStop(config.runtime.shutdown);
    const app = createHttpApp({
      tracing,
      ready: stopping.readiness(async () => orm.isConnected()),
    });
    app.use(routes);
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
          const { clientAddress } = await callers.admit(req, scope.requestId, viewer);
          const em = orm.em.fork() as GraphContext['em'];
          return { ...scope, viewer, em, loaders: new Loaders(em), authorization, clientAddress };
        },
      }),
    );
    finishApp(app, log, (code, req) =>
      messageFor(code, negotiateLocale(req.header('accept-language'), config.defaultLocale)),
    );
    const server = await listen(
      app,
      config.host,
      options.port ?? config.services[module.name].port,
      log,
      tracing.enabled ? undefined : setup.firstRequests,
    );
    const url = `http://${config.host}:${server.port}/graphql`;
    const publicPort = options.port ?? config.services[module.name].port;
    const management = await serveMetrics(
      config,
      metrics,
      options.metricsPort ?? managementPort(config, publicPort),
      log,
    ).catch(async (error: unknown) => {
      await server.close();
      throw error;
    });
    const metricsUrl = `http://${config.host}:${management.port}/metrics`;
    log.info({ url, metricsUrl }, `${module.name} subgraph ready`);
    scheduler.start();

    const started = { apollo, setup, scheduler };
    return {
      name: module.name,
      services: setup.services,
      url,
      port: server.port,
      metricsUrl,
      orm,
      close: async () => {
        await stopping.stop(server);
        await management.close();
        await started.apollo.stop();
        await started.scheduler.stop();
        await started.setup.close?.();
        await orm.close();
        await tracing.close();
      },
    };
  } catch (error) {
    await apollo?.stop().catch(() => undefined);
    await scheduler?.stop().catch(() => undefined);
    await setup?.close?.().catch(() => undefined);
    await orm.close().catch(() => undefined);
    await tracing.close().catch(() => undefined);
    throw error;
  }
}
