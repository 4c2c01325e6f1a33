import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createLogger, type GraphContext, Loaders, loadConfig, type StaffRole, type Viewer } from '@tessera/kit';
import express from 'express';
import { type ExecutionResult, graphql } from 'graphql';
import type { CertificateServices } from '../certificate-services';
import { certificate } from '../index';

export interface GraphHarness {
  services: CertificateServices;
  /** Runs an operation on the certificate schema as `viewer`, shield and resolvers included. */
  execute(source: string, viewer?: Viewer, variables?: Record<string, unknown>): Promise<ExecutionResult>;
  close(): Promise<void>;
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

/** The certificate module set up over a test database (its data folder temporary), executed in process. */
export async function startGraphHarness(orm: MikroORM): Promise<GraphHarness> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tessera-certificate-'));
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir });
  const log = createLogger({ service: 'certificate-test', level: 'warn' });
  const setup = await certificate.setup?.({ orm, config, log, routes: express.Router() });
  if (!setup) throw new Error('certificate has no setup');
  const { schema } = await certificate.schema();
  return {
    services: setup.services,
    execute(source, viewer = { kind: 'anonymous' }, variables) {
      const em = orm.em.fork() as GraphContext['em'];
      const contextValue: GraphContext = {
        requestId: randomUUID(),
        locale: 'en',
        log,
        viewer,
        em,
        loaders: new Loaders(em),
      };
      return graphql({ schema, source, contextValue, variableValues: variables });
    },
    close: async () => {
      await setup.close?.();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
