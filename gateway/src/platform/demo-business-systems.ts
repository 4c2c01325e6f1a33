import { startBusinessSystem } from '@tessera/example-business-system';
import { demoBusinessSystems } from '@tessera/identity';
import type { Config, Logger } from '@tessera/kit';

/** A demo business system `npm start` ran, or why it could not. */
export type DemoBusinessSystem = { code: string } & ({ url: string; close(): Promise<void> } | { problem: string });

/**
 * Runs `examples/business-system` once per demo registration (seeded with the demo data), on the port
 * its redirect URIs name, so a newcomer clicks through single sign-on. A taken port is reported, not fatal.
 */
export async function startDemoBusinessSystems(config: Config, log: Logger): Promise<DemoBusinessSystem[]> {
  const issuer = config.publicUrl.replace(/\/$/, '');
  return Promise.all(
    demoBusinessSystems.map(async (system): Promise<DemoBusinessSystem> => {
      try {
        const running = await startBusinessSystem({
          issuer,
          clientId: system.code,
          clientSecret: system.secret,
          port: system.port,
          host: config.host,
          name: { zh: system.name, en: system.code },
          log: (message) => log.warn(message),
        });
        return { code: system.code, ...running };
      } catch (error) {
        const taken = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
        return { code: system.code, problem: taken ? `port ${system.port} is taken` : String(error) };
      }
    }),
  );
}
