import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Piscina } from 'piscina';
import { sm2Verify } from './sm2-signature';
import type { Sm2VerifyTask } from './sm2-verify.worker';

/**
 * The compiled worker: beside this file in the build; under jest, which runs the sources, the build's copy
 * (`npm test` builds first).
 */
function workerFile(): string | undefined {
  const file = __filename.endsWith('.ts')
    ? path.resolve(__dirname, '../../../dist/keys/sm2/sm2-verify.worker.js')
    : path.join(__dirname, 'sm2-verify.worker.js');
  return existsSync(file) ? file : undefined;
}

let pool: Piscina<Sm2VerifyTask, boolean> | null | undefined;

/**
 * Verifies an SM3withSM2 signature on a pool of worker threads (piscina; idle threads end, and none keeps the
 * process alive). An SM2 verification takes ~0.8 ms of OpenSSL arithmetic driven from
 * JavaScript (`sm2-verification.ts`), synchronously, which on the event loop would hold up every other request
 * while a CSR is checked, and leave the second core idle; ECDSA and RSA already verify off the loop in Node's
 * crypto.
 * Without a build (sources run directly) it verifies in this thread.
 */
export function sm2VerifyOffLoop(publicKey: string, data: Buffer, signature: Buffer): Promise<boolean> {
  if (pool === undefined) {
    const filename = workerFile();
    pool = filename
      ? new Piscina<Sm2VerifyTask, boolean>({
          filename,
          maxThreads: Math.max(1, availableParallelism()),
          idleTimeout: 30_000,
        })
      : null;
  }
  if (!pool) return Promise.resolve(sm2Verify(publicKey, data, signature));
  // Copies of exactly their bytes: posting a Buffer clones its whole ArrayBuffer, for a small Buffer Node's
  // 64 KiB allocation pool (measured: a fifth more verifications per second).
  return pool.run({ publicKey, data: new Uint8Array(data), signature: new Uint8Array(signature) });
}
