import autocannon from 'autocannon';

/** How hard and how long every path of a comparison is driven, so that their ratio is fair. */
export interface LoadSettings {
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
}

/** A fixed HTTP request and the one body every answer to it must carry. */
export interface LoadTarget {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  expectBody: string;
}

export interface Measurement {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Drives the target with autocannon for `seconds` at `connections` concurrent connections.
 * The client runs in a worker thread so that it does not share the event loop of the servers
 * it measures. Any failed, timed-out or unexpected answer fails the run: a fast error is no result.
 */
export async function runLoad(target: LoadTarget, connections: number, seconds: number): Promise<Measurement> {
  const result = await autocannon({
    url: target.url,
    method: target.method,
    headers: target.headers,
    body: target.body,
    expectBody: target.expectBody,
    connections,
    duration: seconds,
    workers: 1,
  });
  failOnBadAnswers(result, target.url);
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
  };
}

/** Fails the run when any answer failed, timed out, was not 2xx or not the expected body: a fast error is no result. */
export function failOnBadAnswers(result: autocannon.Result, url: string): void {
  const failures = {
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    mismatches: result.mismatches,
  };
  if (Object.values(failures).some((n) => n > 0)) {
    throw new Error(`Load on ${url} had failures: ${JSON.stringify(failures)}`);
  }
}
