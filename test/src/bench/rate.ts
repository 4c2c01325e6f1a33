import { performance } from 'node:perf_hooks';

export interface RateSettings {
  concurrency: number;
  warmupSeconds: number;
  durationSeconds: number;
}

export interface Rate {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** The middle value (the upper middle of an even count); 0 for none. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/**
 * Runs `operation` from `concurrency` loops for a bounded time (after a warm-up) and reports
 * completed operations per second and latency percentiles. For in-process work, where an HTTP
 * load generator would measure the wrong thing.
 */
export async function measureRate(operation: () => Promise<unknown>, settings: RateSettings): Promise<Rate> {
  const run = async (seconds: number, record: boolean) => {
    const latencies: number[] = [];
    const end = performance.now() + seconds * 1000;
    const loop = async () => {
      while (performance.now() < end) {
        const started = performance.now();
        await operation();
        if (record) latencies.push(performance.now() - started);
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: settings.concurrency }, loop));
    return { latencies, elapsed: (performance.now() - started) / 1000 };
  };
  await run(settings.warmupSeconds, false);
  const { latencies, elapsed } = await run(settings.durationSeconds, true);
  latencies.sort((a, b) => a - b);
  return {
    perSecond: latencies.length / elapsed,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}

/** Subject and baseline rates, each the median of its rounds. */
export interface RateComparison {
  subject: Rate;
  baseline: Rate;
}

/**
 * Measures subject and baseline in alternating rounds and keeps the median of each metric: a
 * change in the machine's background load during the run then hits both sides alike.
 */
export async function compareRates(
  subject: () => Promise<unknown>,
  baseline: () => Promise<unknown>,
  settings: RateSettings & { rounds: number },
): Promise<RateComparison> {
  return compareMeasurements(
    () => measureRate(subject, settings),
    () => measureRate(baseline, settings),
    settings.rounds,
  );
}

/** `compareRates` for rates measured elsewhere (e.g. by a client in a worker thread). */
export async function compareMeasurements(
  subject: () => Promise<Rate>,
  baseline: () => Promise<Rate>,
  rounds: number,
): Promise<RateComparison> {
  const subjects: Rate[] = [];
  const baselines: Rate[] = [];
  for (let round = 0; round < rounds; round++) {
    baselines.push(await baseline());
    subjects.push(await subject());
  }
  const medianOf = (rates: Rate[]): Rate => ({
    perSecond: median(rates.map((r) => r.perSecond)),
    p50Ms: median(rates.map((r) => r.p50Ms)),
    p99Ms: median(rates.map((r) => r.p99Ms)),
  });
  return { subject: medianOf(subjects), baseline: medianOf(baselines) };
}

/**
 * `measureRate` for each of `operations`, one after the other in each of `rounds` rounds, keeping the median of each
 * metric per operation: a change in the machine's background load hits them all alike.
 */
export async function alternatingRates<K extends string>(
  operations: Record<K, () => Promise<unknown>>,
  settings: RateSettings & { rounds: number },
): Promise<Record<K, Rate>> {
  const names = Object.keys(operations) as K[];
  const measured = new Map<K, Rate[]>(names.map((name) => [name, []]));
  for (let round = 0; round < settings.rounds; round++) {
    for (const name of names) measured.get(name)?.push(await measureRate(operations[name], settings));
  }
  const medians = names.map((name) => {
    const rates = measured.get(name) ?? [];
    const rate: Rate = {
      perSecond: median(rates.map((r) => r.perSecond)),
      p50Ms: median(rates.map((r) => r.p50Ms)),
      p99Ms: median(rates.map((r) => r.p99Ms)),
    };
    return [name, rate] as const;
  });
  return Object.fromEntries(medians) as Record<K, Rate>;
}
