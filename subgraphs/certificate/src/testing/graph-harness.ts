import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createLogger, loadConfig, type ModuleHarness, startModuleHarness } from '@tessera/kit';
import type { CertificateServices } from '../certificate-services';
import { certificate } from '../index';

export { citizenViewer, serviceViewer, staffViewer } from '@tessera/kit';

export type GraphHarness = ModuleHarness<CertificateServices>;

/**
 * The certificate module set up over a test database (its data folder temporary), executed in
 * process; `env` adds settings.
 */
export async function startGraphHarness(orm: MikroORM, env: Record<string, string> = {}): Promise<GraphHarness> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tessera-certificate-'));
  let harness: ModuleHarness<CertificateServices>;
  try {
    harness = await startModuleHarness(certificate, orm, {
      config: loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, ...env }),
      log: createLogger({ service: 'certificate-test', level: 'warn' }),
      locale: 'en',
    });
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    ...harness,
    close: async () => {
      await harness.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
