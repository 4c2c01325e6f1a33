import { createLogger, disableTelemetry, loadConfig, stopOnSignals } from '@tessera/kit';
import { startSandboxBank } from './sandbox-bank';

/** The sandbox bank as its own process (docker stack), on `SANDBOX_BANK_PORT`. */
async function main(): Promise<void> {
  disableTelemetry();
  const config = loadConfig();
  const log = createLogger({ service: 'sandbox-bank', level: config.logLevel });
  const bank = await startSandboxBank({ port: config.identity.sandboxBankPort, host: config.host });
  log.info({ url: bank.url }, 'sandbox bank ready');
  stopOnSignals(() => bank.close(), log);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
