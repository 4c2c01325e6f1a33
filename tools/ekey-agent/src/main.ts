#!/usr/bin/env node
import { readAgentConfig } from './config';
import { startAgentServer } from './http/agent-server';
import { Pkcs11Token } from './token/pkcs11-token';
import { agentVersion } from './version';

/** `npm run ekey-agent`: the reference EKey agent, on the loopback address, until Ctrl-C. */
async function main(): Promise<void> {
  const config = readAgentConfig();
  const token = new Pkcs11Token(config.pkcs11Module, config.tokenLabel);
  const server = await startAgentServer(config, token);
  console.log(
    [
      `Tessera EKey agent ${agentVersion} listening on ${server.url}/v1/`,
      `  PKCS#11 module   ${config.pkcs11Module}${config.tokenLabel ? ` (token ${config.tokenLabel})` : ''}`,
      `  allowed origins  ${config.allowedOrigins.join(' ')}`,
    ].join('\n'),
  );
  const stop = () => {
    server.close().finally(() => {
      token.close();
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
