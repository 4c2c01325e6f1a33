import type { MikroORM } from '@mikro-orm/postgresql';
import { type Logger, loadConfig, type ModuleHarness, startModuleHarness } from '@tessera/kit';
import type { IdentityServices } from '../identity-services';
import { identity } from '../index';

export { citizenViewer, staffViewer } from '@tessera/kit';

export type GraphHarness = ModuleHarness<IdentityServices>;

/** The identity module set up over a test database, its schema executed in process. */
export function startGraphHarness(orm: MikroORM, log: Logger, clientAddress?: string): Promise<GraphHarness> {
  return startModuleHarness(identity, orm, {
    config: loadConfig({ NODE_ENV: 'test', SEED_DEMO_DATA: 'false' }),
    log,
    clientAddress,
  });
}
