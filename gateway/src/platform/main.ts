import 'reflect-metadata';
import { demoCitizen, demoPassword, demoStaff, demoTotpSecret } from '@tessera/identity';
import {
  type Config,
  createLogger,
  disableTelemetry,
  exitOnStartupFailure,
  loadConfig,
  stopOnSignals,
} from '@tessera/kit';
import { seedDemoFeeSchedule } from '@tessera/ra';
import { type DemoBusinessSystem, startDemoBusinessSystems } from './demo-business-systems';
import { seedPlatformDemoCertificates } from './demo-certificates';
import { startPlatform } from './platform';

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

/** `npm start`: the whole platform on the embedded defaults, with the addresses printed. */
async function main(): Promise<void> {
  disableTelemetry();
  const config = loadConfig();
  const log = createLogger({ service: 'platform', level: config.logLevel });
  const platform = await startPlatform({ config });
  // The demo's fee schedule (RA-12); test platforms leave it empty so their applications need no payment.
  if (config.seedDemoData) await seedDemoFeeSchedule(platform.ra.orm.em);
  // The demo citizen's certificates, which the admin client's saved ad-hoc queries find (issue 17 item 10).
  if (config.seedDemoData) await seedPlatformDemoCertificates(platform);
  const demoSystems =
    config.seedDemoData && config.env !== 'production' ? await startDemoBusinessSystems(config, log) : [];
  stopOnSignals(async () => {
    await Promise.all(demoSystems.map((s) => ('close' in s ? s.close() : undefined)));
    await platform.stop();
  }, log);
  const base = new URL(platform.gateway.url).origin;
  const lines = [
    '',
    'Tessera is running.',
    `  web client (citizens)  ${base}/`,
    `  admin client (staff)   ${base}/admin/`,
    `  GraphQL endpoint       ${base}/graphql`,
    `  health, readiness      ${base}/health  ${base}/ready`,
    `  metrics (Prometheus)   ${metricsLine(config, platform.gateway.metricsUrl)}`,
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
