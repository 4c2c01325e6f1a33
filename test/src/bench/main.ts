import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { disableTelemetry } from '@tessera/kit';
import { type Benchmark, selectBenchmarks } from './benchmark';
import { ceilings } from './ceilings';
import { certificateSignIn } from './certificate-sign-in';
import { certificateStatusQuery } from './certificate-status-query';
import { crlPublication } from './crl-publication';
import { gatewayHive } from './gateway-hive';
import { gatewayOverhead } from './gateway-overhead';
import { idNumberLookup } from './id-number-lookup';
import { issuance } from './issuance';
import type { LoadSettings } from './load';
import { ocsp } from './ocsp';
import { raFourEyes } from './ra-four-eyes';
import { loadNow, readStore, record, renderResults, writeResults } from './readme-results';
import { formatJsonLine, formatTable } from './report';
import { signIn } from './sign-in';
import { sso } from './sso';
import { LazyStack } from './stack';
import { startProcesses } from './start-processes';
import { subgraphHotPaths } from './subgraph-hot-paths';
import { timestamps } from './timestamps';
import { verification } from './verification';

const benchmarks: Benchmark[] = [
  ceilings,
  gatewayOverhead,
  gatewayHive,
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
  startProcesses,
];

function positiveInteger(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, not ${value}`);
  return n;
}

/** The repository's root, from `test/dist/bench`. */
const root = path.resolve(__dirname, '../../..');

/**
 * `npm run bench [-- name...] [--connections N] [--warmup S] [--duration S] [--readme]`: runs the named
 * benchmarks (all by default) and prints, for each result, a table and a JSON line. With `--readme`, the results
 * also go to `test/bench-results.json` (replacing those of the same benchmark and subject) and the README's
 * performance table is written from it: no number in that table is copied by hand.
 */
async function main(): Promise<void> {
  disableTelemetry();
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      connections: { type: 'string', default: '8' },
      warmup: { type: 'string', default: '2' },
      duration: { type: 'string', default: '5' },
      readme: { type: 'boolean', default: false },
    },
  });
  const load: LoadSettings = {
    connections: positiveInteger('connections', values.connections),
    warmupSeconds: positiveInteger('warmup', values.warmup),
    durationSeconds: positiveInteger('duration', values.duration),
  };
  const selected = selectBenchmarks(benchmarks, positionals);
  const stack = new LazyStack();
  const storeFile = path.join(root, 'test/bench-results.json');
  const store = readStore(storeFile);
  try {
    for (const benchmark of selected) {
      const loadBefore = loadNow();
      const comparisons = await benchmark.run({ load, stack: () => stack.get() });
      for (const comparison of comparisons) {
        process.stdout.write(`\n${formatTable(comparison)}\n${formatJsonLine(comparison)}\n`);
      }
      record(store, benchmark.name, comparisons, [loadBefore, loadNow()]);
      if (values.readme) {
        fs.writeFileSync(storeFile, `${JSON.stringify(store, null, 2)}\n`);
        writeResults(
          path.join(root, 'README.md'),
          renderResults(
            store,
            benchmarks.map((b) => b.name),
          ),
        );
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
