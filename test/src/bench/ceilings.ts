import { createHash, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { PasswordHasher } from '@tessera/identity';
import { executePrepared } from '@tessera/kit';
import type { Benchmark } from './benchmark';
import { runLoad } from './load';
import { measureRate, type RateSettings } from './rate';
import type { Comparison, Metric } from './report';

/** A limit of this machine, measured: what no path of Tessera can beat, whatever its code. */
function ceiling(name: string, perSecond: number, oneAtATime: number): Metric {
  return { name, subject: perSecond, baseline: oneAtATime };
}

const asCallback =
  <T>(run: (done: (error: Error | null, value: T) => void) => void) =>
  () =>
    new Promise<T>((resolve, reject) => run((error, value) => (error ? reject(error) : resolve(value))));

/** Signatures per second with `key`, off the event loop, and one at a time. */
async function signatures(
  key: { privateKey: KeyObject; publicKey: KeyObject },
  settings: RateSettings,
): Promise<{ sign: [number, number]; verify: [number, number] }> {
  const data = Buffer.alloc(256, 7);
  const signature = sign('sha256', data, key.privateKey);
  const signing = asCallback<Buffer>((done) => sign('sha256', data, key.privateKey, done));
  const verifying = asCallback<boolean>((done) => verify('sha256', data, key.publicKey, signature, done));
  const alone = { ...settings, concurrency: 1 };
  return {
    sign: [(await measureRate(signing, settings)).perSecond, (await measureRate(signing, alone)).perSecond],
    verify: [(await measureRate(verifying, settings)).perSecond, (await measureRate(verifying, alone)).perSecond],
  };
}

/**
 * Issue 16 item 7, `bench/ceilings`: the physical limits of the machine the run is on, measured in the same run as
 * the benchmarks whose baselines they are, each at the run's concurrency and one at a time: a bare `node:http`
 * server answering a fixed body (what any HTTP path costs at least), PostgreSQL round trips of a prepared
 * `select 1` (what any statement costs at least), ECDSA P-256 and RSA-2048 signatures and verifications on the
 * thread pool, argon2id hashes with the platform's parameters, and SHA-256 over 64 KiB.
 */
export const ceilings: Benchmark = {
  name: 'ceilings',
  async run(ctx) {
    const settings: RateSettings = {
      concurrency: ctx.load.connections,
      warmupSeconds: ctx.load.warmupSeconds,
      durationSeconds: ctx.load.durationSeconds,
    };
    const alone = { ...settings, concurrency: 1 };
    const body = 'x'.repeat(512);
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const target = { url, method: 'GET' as const, headers: {}, expectBody: body };
    let httpMany: number;
    let httpOne: number;
    try {
      httpMany = (await runLoad(target, ctx.load.connections, ctx.load.durationSeconds)).requestsPerSecond;
      httpOne = (await runLoad(target, 1, ctx.load.durationSeconds)).requestsPerSecond;
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }

    const { platform } = await ctx.stack();
    const em = platform.certificate.orm.em;
    const roundTrip = () => executePrepared(em, { sql: 'select 1 as "one"', params: [] });
    const sqlMany = (await measureRate(roundTrip, settings)).perSecond;
    const sqlOne = (await measureRate(roundTrip, alone)).perSecond;

    const ec = await signatures(generateKeyPairSync('ec', { namedCurve: 'P-256' }), settings);
    const rsa = await signatures(generateKeyPairSync('rsa', { modulusLength: 2048 }), settings);

    const hasher = new PasswordHasher();
    const hash = await hasher.hash('Bench-Ceiling-2026!');
    const argon = () => hasher.verify(hash, 'Bench-Ceiling-2026!');
    const argonMany = (await measureRate(argon, settings)).perSecond;
    const argonOne = (await measureRate(argon, alone)).perSecond;

    const block = Buffer.alloc(64 * 1024, 3);
    const sha = async () => createHash('sha256').update(block).digest();
    const shaOne = (await measureRate(sha, alone)).perSecond;

    const comparison: Comparison = {
      benchmark: 'ceilings',
      subject: `${ctx.load.connections} at once`,
      baseline: 'one at a time',
      settings: {
        cores: os.availableParallelism(),
        cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
        node: process.version,
        seconds: settings.durationSeconds,
      },
      metrics: [
        ceiling('node:http fixed 512-byte body, requests/s', httpMany, httpOne),
        ceiling('PostgreSQL prepared select 1, round trips/s', sqlMany, sqlOne),
        ceiling('ECDSA P-256 signatures/s', ...ec.sign),
        ceiling('ECDSA P-256 verifications/s', ...ec.verify),
        ceiling('RSA-2048 signatures/s', ...rsa.sign),
        ceiling('RSA-2048 verifications/s', ...rsa.verify),
        ceiling('argon2id verifications/s (19 MiB, t=2)', argonMany, argonOne),
        ceiling('SHA-256 MiB/s (one thread)', shaOne / 16, shaOne / 16),
      ],
    };
    return [comparison];
  },
};
