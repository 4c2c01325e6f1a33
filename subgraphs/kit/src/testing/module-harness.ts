import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import express from 'express';
import { type ExecutionResult, graphql } from 'graphql';
import type { StaffRole } from '../auth/roles';
import type { Viewer } from '../auth/viewer';
import type { Config, Locale } from '../config/config';
import type { GraphContext } from '../federation/context';
import { Loaders } from '../federation/loaders';
import { withConfiguredPeriods } from '../jobs/job-definition';
import { JobScheduler } from '../jobs/job-scheduler';
import type { Logger } from '../log/logger';
import { Metrics } from '../server/metrics';
import type { SubgraphModule } from '../server/subgraph-server';
import { Tracing } from '../tracing/tracing';

/** A subgraph module set up over a test database, its schema executed in process (no HTTP). */
export interface ModuleHarness<S extends object> {
  services: S;
  /** Runs an operation on the module's schema as `viewer`, shield and resolvers included. */
  execute(source: string, viewer?: Viewer, variables?: Record<string, unknown>): Promise<ExecutionResult>;
  close(): Promise<void>;
}

export interface ModuleHarnessOptions {
  config: Config;
  log: Logger;
  locale?: Locale;
  /** The caller's address every request comes from (`ctx.clientAddress`, e.g. for per-client limits). */
  clientAddress?: string;
}

/** For tests of a subgraph's domain through its GraphQL layer, without starting a server. */
export async function startModuleHarness<S extends object>(
  module: SubgraphModule<S>,
  orm: MikroORM,
  { config, log, locale = 'zh-CN', clientAddress }: ModuleHarnessOptions,
): Promise<ModuleHarness<S>> {
  const databaseUrl = orm.config.get('clientUrl') as string;
  const setup = await module.setup?.({
    orm,
    config,
    log,
    routes: express.Router(),
    databaseUrl,
    metrics: new Metrics(module.name),
    tracing: Tracing.off(),
  });
  if (!setup) throw new Error(`${module.name} has no setup`);
  // Declared, for the scheduled-jobs query, but not started: tests run jobs themselves.
  new JobScheduler({ orm, schema: module.name, jobs: withConfiguredPeriods(setup.jobs ?? [], config.jobPeriods), log });
  const { schema } = await module.schema();
  return {
    services: setup.services,
    execute(source, viewer = { kind: 'anonymous' }, variables) {
      const em = orm.em.fork() as GraphContext['em'];
      const contextValue: GraphContext = {
        requestId: randomUUID(),
        locale,
        log,
        viewer,
        em,
        loaders: new Loaders(em),
        clientAddress,
      };
      return graphql({ schema, source, contextValue, variableValues: variables });
    },
    close: async () => setup.close?.(),
  };
}

export function staffViewer(...roles: StaffRole[]): Viewer {
  return { kind: 'staff', subject: randomUUID(), roles: new Set(roles), scopes: new Set() };
}

export function citizenViewer(subject: string = randomUUID()): Viewer {
  return { kind: 'citizen', subject, roles: new Set(), scopes: new Set() };
}

export function serviceViewer(name: string): Viewer {
  return { kind: 'service', subject: name, roles: new Set(), scopes: new Set() };
}

/** The `extensions.code` of each error of a result, in order (none: undefined). */
export function errorCodesOf(result: ExecutionResult): unknown[] | undefined {
  return result.errors?.map((error) => error.extensions.code);
}
