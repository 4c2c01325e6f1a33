import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { disableTelemetry } from '@tessera/kit';
import { type Benchmark, selectBenchmarks } from './benchmark';
import { certificateSignIn } from './certificate-sign-in';
import { certificateStatusQuery } from './certificate-status-query';
import { crlPublication } from './crl-publication';
import { gatewayOverhead } from './gateway-overhead';
import { idNumberLookup } from './id-number-lookup';
import { issuance } from './issuance';
import type { LoadSettings } from './load';
import { ocsp } from './ocsp';
import { raFourEyes } from './ra-four-eyes';
import { formatJsonLine, formatTable } from './report';
import { signIn } from './sign-in';
import { sso } from './sso';
import { LazyStack } from './stack';
import { subgraphHotPaths } from './subgraph-hot-paths';
import { timestamps } from './timestamps';
import { verification } from './verification';

const benchmarks: Benchmark[] = [
  gatewayOverhead,
  signIn,
  idNumberLookup,
  issuance,
  ocsp,
  certificateStatusQuery,
  subgraphHotPaths,
  crlPublication,
  raFourEyes,
  sso,
  certificateSignIn,
  verification,
  timestamps,
];

function positiveInteger(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, not ${value}`);
  return n;
}

/**
 * `npm run bench [-- name...] [--connections N] [--warmup S] [--duration S]`: runs the named
 * benchmarks (all by default) and prints, for each result, a table and a JSON line.
 */
async function main(): Promise<void> {
  disableTelemetry();
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      connections: { type: 'string', default: '8' },
      warmup: { type: 'string', default: '2' },
      duration: { type: 'string', default: '5' },
    },
  });
  const load: LoadSettings = {
    connections: positiveInteger('connections', values.connections),
    warmupSeconds: positiveInteger('warmup', values.warmup),
    durationSeconds: positiveInteger('duration', values.duration),
  };
  const selected = selectBenchmarks(benchmarks, positionals);
  const stack = new LazyStack();
  try {
    for (const benchmark of selected) {
      for (const comparison of await benchmark.run({ load, stack: () => stack.get() })) {
        process.stdout.write(`\n${formatTable(comparison)}\n${formatJsonLine(comparison)}\n`);
      }
    }
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
