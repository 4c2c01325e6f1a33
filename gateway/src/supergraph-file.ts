import fs from 'node:fs';
import type { SupergraphSdlHook } from '@apollo/gateway';
import type { Logger } from '@tessera/kit';

/**
 * Serves the composed supergraph checked in under `schema/` (never introspected from live
 * services). With `watch`, a changed file is loaded again (development: `npm run compose`).
 */
export function supergraphFromFile(file: string, watch: boolean, log: Logger): SupergraphSdlHook {
  return async ({ update }) => {
    let current = fs.readFileSync(file, 'utf8');
    if (!watch) return { supergraphSdl: current };
    const onChange = () => {
      let next: string;
      try {
        next = fs.readFileSync(file, 'utf8');
      } catch {
        return;
      }
      if (next === current || !next.trim()) return;
      try {
        update(next);
        current = next;
        log.info({ file }, 'supergraph reloaded');
      } catch (error) {
        log.error({ err: error, file }, 'the changed supergraph was rejected; still serving the previous one');
      }
    };
    fs.watchFile(file, { interval: 500 }, onChange);
    return { supergraphSdl: current, cleanup: async () => fs.unwatchFile(file, onChange) };
  };
}
