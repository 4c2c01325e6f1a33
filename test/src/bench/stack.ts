import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Platform, startPlatform } from '@tessera/gateway';
import { createLogger, freePort, loadConfig } from '@tessera/kit';
import { seedCitizenWithCertificate } from '../harness/fixtures';

/** The text every captcha of the benchmarks' platform shows (CAPTCHA_TEST_ANSWER): clients in worker threads answer it. */
export const benchCaptchaAnswer = 'Bn4k';

/** The platform the benchmarks load, with one citizen who holds a certificate issued through an application. */
export interface BenchStack {
  platform: Platform;
  citizen: Awaited<ReturnType<typeof seedCitizenWithCertificate>>;
  citizenToken: string;
}

/**
 * Starts the whole platform once, on its own embedded PostgreSQL in a temporary folder and on
 * free loopback ports, the first time a benchmark asks for it; `stop` removes every trace.
 */
export class LazyStack {
  private started?: Promise<BenchStack>;
  private dataDir?: string;

  get(): Promise<BenchStack> {
    this.started ??= this.start();
    return this.started;
  }

  private async start(): Promise<BenchStack> {
    this.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-bench-'));
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATA_DIR: this.dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      SEED_DEMO_DATA: 'false',
      CAPTCHA_TEST_ANSWER: benchCaptchaAnswer,
      SUPERGRAPH_WATCH: 'false',
      // The benchmarks seed up to a million rows through the services' own connections, in statements
      // that may outlast the serving timeout on a busy machine.
      DATABASE_STATEMENT_TIMEOUT_MS: '0',
      // The anonymous status query is loaded from one address (gateway-hive): its per-address budget stays out of the way.
      CERTIFICATE_STATUS_RATE_LIMIT: '1000000000',
    });
    const platform = await startPlatform({
      config,
      ephemeralPorts: true,
      logFor: (service) => createLogger({ service, level: config.logLevel, destination: process.stderr }),
    });
    try {
      const citizen = await seedCitizenWithCertificate(platform, 'bench-citizen');
      const citizenToken = await platform.identity.services.tokens.issue({ subject: citizen.user.id, kind: 'citizen' });
      return { platform, citizen, citizenToken };
    } catch (error) {
      await platform.stop();
      throw error;
    }
  }

  async stop(): Promise<void> {
    try {
      const stack = await this.started?.catch(() => undefined);
      await stack?.platform.stop();
    } finally {
      if (this.dataDir) fs.rmSync(this.dataDir, { recursive: true, force: true });
    }
  }
}
