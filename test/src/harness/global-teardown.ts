import fs from 'node:fs';
import type { EmbeddedPostgres } from '@tessera/kit';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as { tesseraTestPostgres?: { server: EmbeddedPostgres; dataDir: string } })
    .tesseraTestPostgres;
  if (!state) return;
  await state.server.stop();
  fs.rmSync(state.dataDir, { recursive: true, force: true });
}
