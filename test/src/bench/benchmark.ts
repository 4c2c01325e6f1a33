import type { LoadSettings } from './load';
import type { Comparison } from './report';
import type { BenchStack } from './stack';

/** What every benchmark gets from the runner. */
export interface BenchContext {
  load: LoadSettings;
  /** The embedded platform, started on first use and stopped by the runner at the end. */
  stack(): Promise<BenchStack>;
}

/** One benchmark: a file exporting this, listed in `main.ts`. */
export interface Benchmark {
  name: string;
  run(ctx: BenchContext): Promise<Comparison[]>;
}

/** The benchmarks named on the command line, in their listed order, or all of them when none is named. */
export function selectBenchmarks(all: readonly Benchmark[], names: readonly string[]): Benchmark[] {
  const unknown = names.filter((n) => !all.some((b) => b.name === n));
  if (unknown.length > 0) {
    throw new Error(`Unknown benchmark ${unknown.join(', ')}; known: ${all.map((b) => b.name).join(', ')}`);
  }
  return names.length === 0 ? [...all] : all.filter((b) => names.includes(b.name));
}
