import { webcrypto } from 'node:crypto';
import { Pkcs10CertificateRequestGenerator } from '@peculiar/x509';
import type { Benchmark } from './benchmark';
import { type BenchAlgorithm, type BenchKeyBackend, backendAvailable, openBenchPki } from './certificate-pki';
import { measureRate } from './rate';
import type { Comparison } from './report';

export interface KeySetup {
  backend: BenchKeyBackend;
  algorithm: BenchAlgorithm;
}

const allSetups: KeySetup[] = [
  { backend: 'software', algorithm: 'P-256' },
  { backend: 'software', algorithm: 'RSA-2048' },
  { backend: 'pkcs11', algorithm: 'P-256' },
];

/** A subscriber's P-256 CSR, made once: the issuance path verifies it every time. */
async function subscriberCsr(): Promise<Buffer> {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(algorithm, false, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const request = await Pkcs10CertificateRequestGenerator.create({
    name: 'CN=ignored',
    keys,
    signingAlgorithm: algorithm,
  });
  return Buffer.from(request.rawData);
}

/**
 * Issue 4: certificates per second through the issuance domain service (CSR check, profile, lint
 * of the certificate before its one CA signature, database row committed with the rows of the
 * issuances running at the same time) against raw signatures per second of the same CA key through
 * the same key backend, at the same concurrency; one CA per key setup. The issue's aim: issuance
 * at >= 50% of the raw rate.
 */
export function issuanceBenchmark(setups: KeySetup[] = allSetups): Benchmark {
  return {
    name: 'issuance',
    async run(ctx) {
      const { platform } = await ctx.stack();
      const settings = {
        concurrency: ctx.load.connections,
        warmupSeconds: ctx.load.warmupSeconds,
        durationSeconds: ctx.load.durationSeconds,
      };
      const csr = await subscriberCsr();
      const results: Comparison[] = [];
      for (const { backend, algorithm } of setups) {
        if (!backendAvailable(backend)) {
          process.stderr.write(`issuance: skipping ${backend} ${algorithm} (not available here)\n`);
          continue;
        }
        const bench = await openBenchPki(platform.certificate.orm, backend, algorithm);
        try {
          const issuing = await bench.pki.hierarchy.issuing();
          const signer = issuing.signer;
          if (!signer) throw new Error('the issuing CA has no key');
          // A TBS-sized message: what the CA signs per certificate.
          const tbs = Buffer.alloc(600, 7);
          const raw = await measureRate(() => signer.sign(tbs), settings);
          let n = 0;
          const issued = await measureRate(
            () =>
              bench.pki.issuer.issue({ kind: 'personal', usage: 'signing', subject: `CN=Bench ${n++},O=Bench`, csr }),
            settings,
          );
          results.push({
            benchmark: 'issuance',
            subject: 'issuance',
            baseline: 'raw CA signature',
            settings: { backend, algorithm, concurrency: settings.concurrency, seconds: settings.durationSeconds },
            metrics: [
              { name: 'operations/s', subject: issued.perSecond, baseline: raw.perSecond },
              { name: 'p50 ms', subject: issued.p50Ms, baseline: raw.p50Ms },
              { name: 'p99 ms', subject: issued.p99Ms, baseline: raw.p99Ms },
            ],
          });
        } finally {
          await bench.close();
        }
      }
      return results;
    },
  };
}

export const issuance = issuanceBenchmark();
