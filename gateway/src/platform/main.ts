import 'reflect-metadata';
import {
  type Config,
  createLogger,
  disableTelemetry,
  exitOnStartupFailure,
  type Logger,
  loadConfig,
  stopOnSignals,
} from '@tessera/kit';
import type { DemoBusinessSystem } from './demo-business-systems';
import { prefixedLines } from './prefixed-lines';
import { startServiceProcesses } from './service-processes';

/** Where the gateway's `/metrics` is (its management port) and what it takes (`METRICS_TOKEN`). */
function metricsLine(config: Config, url: string): string {
  if (config.metricsToken) return `${url}  (Authorization: Bearer $METRICS_TOKEN)`;
  return config.env === 'production'
    ? 'not served (set METRICS_TOKEN)'
    : `${url}  (open: set METRICS_TOKEN to require a token)`;
}

/** A demo business system's line: where to click through single sign-on, or why it is not there. */
function demoSystemLine(system: DemoBusinessSystem, index: number): string {
  const label = (index === 0 ? '  single sign-on demo' : '').padEnd(25);
  return `${label}${'url' in system ? system.url : 'not started'}  (${system.code}${'problem' in system ? `: ${system.problem}` : ''})`;
}

/** The platform `npm start` runs, in either shape (`PLATFORM_PROCESSES`). */
interface Started {
  gatewayUrl: string;
  metricsUrl: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** Each service in a process of its own (the default); one that crashes ends `npm start` with status 1. */
async function startPerService(config: Config, logFor: (name: string) => Logger): Promise<Started> {
  const started = await startServiceProcesses({ config, logFor, onCrash: () => process.exit(1) });
  const { gateway, postgres } = started.processes;
  return {
    gatewayUrl: gateway.url,
    metricsUrl: gateway.metricsUrl ?? '',
    embedded: postgres !== undefined,
    stop: started.stop,
  };
}

/** Every service in this one process (`PLATFORM_PROCESSES=single`). */
async function startSingle(config: Config, logFor: (name: string) => Logger): Promise<Started> {
  const { startPlatform } = require('./platform') as typeof import('./platform');
  const { seedDemoData } = require('./demo-data') as typeof import('./demo-data');
  const platform = await startPlatform({ config, logFor });
  if (config.seedDemoData) await seedDemoData(platform);
  return {
    gatewayUrl: platform.gateway.url,
    metricsUrl: platform.gateway.metricsUrl,
    embedded: !!platform.embedded,
    stop: platform.stop,
  };
}

/** `npm start`: the whole platform on the embedded defaults, with the addresses printed. */
async function main(): Promise<void> {
  disableTelemetry();
  const config = loadConfig();
  // Each line says whose it is: the services' lines come through this process (per service) or are its own.
  const logFor = (name: string) =>
    createLogger({ service: name, level: config.logLevel, destination: prefixedLines(name) });
  const log = logFor('platform');
  const starting =
    config.platformProcesses === 'single' ? startSingle(config, logFor) : startPerService(config, logFor);
  // Loaded while the services start (per service, this process runs none of them): only the demo needs them.
  const { demoCitizen, demoPassword, demoStaff, demoTotpSecret } =
    require('@tessera/identity') as typeof import('@tessera/identity');
  const { startDemoBusinessSystems } = require('./demo-business-systems') as typeof import('./demo-business-systems');
  const platform = await starting;
  const demoSystems =
    config.seedDemoData && config.env !== 'production' ? await startDemoBusinessSystems(config, log) : [];
  stopOnSignals(async () => {
    await Promise.all(demoSystems.map((s) => ('close' in s ? s.close() : undefined)));
    await platform.stop();
  }, log);
  const base = new URL(platform.gatewayUrl).origin;
  const lines = [
    '',
    'Tessera is running.',
    `  web client (citizens)  ${base}/`,
    `  admin client (staff)   ${base}/admin/`,
    `  GraphQL endpoint       ${base}/graphql`,
    `  health, readiness      ${base}/health  ${base}/ready`,
    `  metrics (Prometheus)   ${metricsLine(config, platform.metricsUrl)}`,
    `  database               ${platform.embedded ? `embedded PostgreSQL, data in ${config.database.dataDir}` : 'DATABASE_URL'}`,
    ...(config.seedDemoData
      ? [
          `  demo accounts          ${[demoCitizen.username, ...demoStaff.map((s) => s.username)].join(', ')}`,
          `                         password ${demoPassword}; staff TOTP secret ${demoTotpSecret}`,
        ]
      : []),
    ...demoSystems.map(demoSystemLine),
    'Press Ctrl-C to stop.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => exitOnStartupFailure('platform', error));
