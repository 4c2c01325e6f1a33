import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import {
  type AuthenticatedViewer,
  type GraphContext,
  Loaders,
  type Logger,
  loadConfig,
  type Viewer,
} from '@tessera/kit';
import express from 'express';
import { type ExecutionResult, graphql } from 'graphql';
import type { IdentityServices } from '../identity-services';
import { identity } from '../index';

export interface GraphHarness {
  services: IdentityServices;
  /** Runs an operation on the identity schema as `viewer`, shield and resolvers included. */
  execute(source: string, viewer?: Viewer, variables?: Record<string, unknown>): Promise<ExecutionResult>;
  close(): Promise<void>;
}

export function staffViewer(...roles: AuthenticatedViewer['roles'] extends ReadonlySet<infer R> ? R[] : never): Viewer {
  return { kind: 'staff', subject: randomUUID(), roles: new Set(roles), scopes: new Set() };
}

export function citizenViewer(subject: string = randomUUID()): Viewer {
  return { kind: 'citizen', subject, roles: new Set(), scopes: new Set() };
}

/** The identity module set up over a test database, its schema executed in process. */
export async function startGraphHarness(orm: MikroORM, log: Logger): Promise<GraphHarness> {
  const config = loadConfig({ NODE_ENV: 'test', SEED_DEMO_DATA: 'false' });
  const setup = await identity.setup?.({ orm, config, log, routes: express.Router() });
  if (!setup) throw new Error('identity has no setup');
  const { schema } = await identity.schema();
  return {
    services: setup.services,
    execute(source, viewer = { kind: 'anonymous' }, variables) {
      const em = orm.em.fork() as GraphContext['em'];
      const contextValue: GraphContext = {
        requestId: randomUUID(),
        locale: 'zh-CN',
        log,
        viewer,
        em,
        loaders: new Loaders(em),
      };
      return graphql({ schema, source, contextValue, variableValues: variables });
    },
    close: async () => setup.close?.(),
  };
}
