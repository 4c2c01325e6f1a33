import { randomFillSync } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import autocannon from 'autocannon';

/** A fixed HTTP request with a binary body, or a template whose bytes at `fresh` are random for each request. */
export interface BinaryTarget {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: Uint8Array;
  /** Bytes of the body made anew for every request (an OCSP nonce). */
  fresh?: { offset: number; length: number };
  /** The one answer every request must get; absent, any 200 whose body is at least `minimumLength` octets. */
  expect?: Uint8Array;
  minimumLength?: number;
}

export interface BinaryLoadRequest {
  target: BinaryTarget;
  connections: number;
  seconds: number;
}

export type BinaryLoadAnswer =
  | { requestsPerSecond: number; requests: number; p50Ms: number; p99Ms: number }
  | { error: string; failures?: Record<string, number> };

const { aggregateResult } = autocannon as unknown as {
  aggregateResult(results: unknown[], options: autocannon.Options): autocannon.Result;
};

/**
 * One round of load per message, by autocannon run inside this worker thread (not in its own workers), so that request bodies stay
 * bytes and each request may carry fresh ones: the OCSP benchmark's client, off the event loop of
 * the servers it measures. autocannon hands `verifyBody` the body decoded as UTF-8 chunk by chunk,
 * so the expected bytes are compared decoded the same way.
 */
async function drive({ target, connections, seconds }: BinaryLoadRequest): Promise<BinaryLoadAnswer> {
  const body = target.body ? Buffer.from(target.body) : undefined;
  const expected = target.expect ? Buffer.from(target.expect).toString() : undefined;
  const minimum = target.minimumLength ?? 1;
  const { fresh } = target;
  const options: autocannon.Options = {
    url: target.url,
    connections,
    duration: seconds,
    // The run ends at the first sample after `seconds`: short rounds (the tests' tiny mode) sample often.
    sampleInt: Math.min(1_000, Math.max(50, seconds * 100)),
    requests: [
      {
        method: target.method,
        headers: target.headers,
        body,
        ...(fresh &&
          body && {
            setupRequest: (request: autocannon.Request) => {
              const made = Buffer.from(body);
              randomFillSync(made, fresh.offset, fresh.length);
              return { ...request, body: made };
            },
          }),
      },
    ],
    verifyBody: (answer) =>
      typeof answer === 'string' && (expected === undefined ? answer.length >= minimum : answer === expected),
  };
  // Off the main thread autocannon leaves its result unaggregated (histograms encoded), as it does for its own workers.
  const result = aggregateResult([await autocannon(options)], options);
  const failures = {
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    mismatches: result.mismatches,
  };
  if (Object.values(failures).some((n) => n > 0)) return { error: `load on ${target.url} had failures`, failures };
  return {
    requestsPerSecond: result.requests.total / result.duration,
    requests: result.requests.total,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
  };
}

parentPort?.on('message', (request: BinaryLoadRequest) => {
  drive(request).then(
    (answer) => parentPort?.postMessage(answer),
    (error: unknown) => parentPort?.postMessage({ error: String(error) } satisfies BinaryLoadAnswer),
  );
});
