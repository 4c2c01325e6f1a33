import { parseArgs } from 'node:util';
import { startBusinessSystem } from './business-system';

const usage = `Usage: node dist/main.js --client-id ID --client-secret SECRET [--issuer URL] [--port N] [--host ADDRESS] [--public-url URL]
  (or ISSUER_URL, CLIENT_ID, CLIENT_SECRET, PORT, HOST, BASE_URL in the environment)`;

/** Runs the example business system on its own, configured by arguments or, failing those, the environment. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      issuer: { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      'public-url': { type: 'string' },
    },
  });
  const env = process.env;
  const clientId = values['client-id'] ?? env.CLIENT_ID;
  const clientSecret = values['client-secret'] ?? env.CLIENT_SECRET;
  const port = Number(values.port ?? env.PORT ?? 4020);
  if (!clientId || !clientSecret || !Number.isInteger(port)) throw new Error(usage);
  const system = await startBusinessSystem({
    issuer: values.issuer ?? env.ISSUER_URL ?? 'http://127.0.0.1:4000',
    clientId,
    clientSecret,
    port,
    host: values.host ?? env.HOST,
    publicUrl: values['public-url'] ?? env.BASE_URL,
  });
  process.stdout.write(`Business system ${clientId} is running at ${system.url}\n`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void system.close());
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
