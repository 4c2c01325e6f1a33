import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { timeStampQuery, timeStampTokenOf, verifyTimeStampToken } from '@tessera/kit';
import express from 'express';
import type { Benchmark } from './benchmark';
import { type BenchAlgorithm, type BenchKeyBackend, backendAvailable, openBenchPki } from './certificate-pki';
import { measureRate } from './rate';
import type { Comparison } from './report';

export interface TimestampSetup {
  backend: BenchKeyBackend;
  algorithm: Exclude<BenchAlgorithm, 'SM2'>;
}

const allSetups: TimestampSetup[] = [
  { backend: 'software', algorithm: 'P-256' },
  { backend: 'software', algorithm: 'RSA-2048' },
  { backend: 'pkcs11', algorithm: 'P-256' },
];

/**
 * Issue 15 item 4: RFC 3161 time-stamp tokens per second over HTTP (`POST /pki/tsa`: parse the request, TSTInfo,
 * signed attributes with ESSCertIDv2, one signature by the TSA key through the key backend, the reply) against raw
 * signatures per second of the same TSA key through the same backend, at the same concurrency; beside it, the kit's
 * token verification (`verifyTimeStampToken`: CMS signature, ESS binding, EKU, chain to the issuing CA) against the
 * same raw signatures. One CA per key setup, its `/pki` routes on a loopback port; in-process fetch loops, so
 * client and server share the CPU.
 */
export function timestampsBenchmark(setups: TimestampSetup[] = allSetups): Benchmark {
  return {
    name: 'timestamps',
    async run(ctx) {
      const { platform } = await ctx.stack();
      const settings = {
        concurrency: ctx.load.connections,
        warmupSeconds: ctx.load.warmupSeconds,
        durationSeconds: ctx.load.durationSeconds,
      };
      const results: Comparison[] = [];
      for (const { backend, algorithm } of setups) {
        if (!backendAvailable(backend)) {
          process.stderr.write(`timestamps: skipping ${backend} ${algorithm} (not available here)\n`);
          continue;
        }
        const bench = await openBenchPki(platform.certificate.orm, backend, algorithm);
        const app = express();
        const routes = express.Router();
        app.use(routes);
        bench.pki.mount(routes);
        const server = await new Promise<import('node:http').Server>((resolve) => {
          const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
        });
        try {
          const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pki/tsa`;
          const digest = createHash('sha256').update('operation log head').digest();
          const stamp = async () => {
            const response = await fetch(url, {
              method: 'POST',
              headers: { 'content-type': 'application/timestamp-query' },
              body: new Uint8Array(timeStampQuery(digest).der),
            });
            return timeStampTokenOf(Buffer.from(await response.arrayBuffer()));
          };
          // The signed attributes' size: what the TSA key signs per token.
          const signedAttributes = Buffer.alloc(200, 7);
          const raw = await measureRate(() => bench.pki.tsa.sign(signedAttributes), settings);
          const stamped = await measureRate(stamp, settings);
          const token = await stamp();
          const trustAnchors = await bench.pki.tsa.issuers();
          const verified = await measureRate(
            async () => verifyTimeStampToken(token, { digest, trustAnchors }),
            settings,
          );
          const conditions = {
            backend,
            algorithm,
            concurrency: settings.concurrency,
            seconds: settings.durationSeconds,
          };
          for (const [subject, rate] of [
            ['time-stamp tokens over HTTP', stamped],
            ['token verification (kit)', verified],
          ] as const) {
            results.push({
              benchmark: 'timestamps',
              subject,
              baseline: 'raw TSA key signature',
              settings: conditions,
              metrics: [
                { name: 'operations/s', subject: rate.perSecond, baseline: raw.perSecond },
                { name: 'p50 ms', subject: rate.p50Ms, baseline: raw.p50Ms },
                { name: 'p99 ms', subject: rate.p99Ms, baseline: raw.p99Ms },
              ],
            });
          }
        } finally {
          await new Promise<void>((resolve) => server.close(() => resolve()));
          await bench.close();
        }
      }
      return results;
    },
  };
}

export const timestamps = timestampsBenchmark();
