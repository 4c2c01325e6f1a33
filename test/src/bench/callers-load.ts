import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';

/** One caller's request and the one body every answer to it must carry. */
export interface CallerRequest {
  headers: Record<string, string>;
  body: string;
  expectBody: string;
}

/** One measured round against one URL. */
export interface CallersLoad {
  url: string;
  requests: CallerRequest[];
  connections: number;
  seconds: number;
}

export type CallersAnswer =
  | { result: { requests: number; requestsPerSecond: number; p50Ms: number; p99Ms: number } }
  | { error: string };

function post(agent: http.Agent, url: URL, request: CallerRequest): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { ...request.headers, 'content-length': Buffer.byteLength(request.body) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

/**
 * Keeps `connections` keep-alive connections busy for `seconds`. Connection `i` sends requests
 * `i`, `i + connections`, `i + 2 × connections`… of the list, round and round: with a list of
 * distinct callers as long as a multiple of `connections`, no two requests in flight are alike;
 * with a short list of repeated requests, the same ones are in flight together. Every answer must
 * be the expected body: a fast wrong answer is no result.
 */
export async function driveCallers(load: CallersLoad): Promise<CallersAnswer> {
  const url = new URL(load.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: load.connections });
  const latencies: number[] = [];
  const end = performance.now() + load.seconds * 1000;
  const loop = async (connection: number) => {
    for (let next = connection; performance.now() < end; next += load.connections) {
      const request = load.requests[next % load.requests.length] as CallerRequest;
      const started = performance.now();
      const answer = await post(agent, url, request);
      latencies.push(performance.now() - started);
      if (answer.status !== 200 || answer.body !== request.expectBody) {
        throw new Error(`${load.url} answered ${answer.status}: ${answer.body.slice(0, 500)}`);
      }
    }
  };
  const started = performance.now();
  try {
    await Promise.all(Array.from({ length: load.connections }, (_, i) => loop(i)));
  } finally {
    agent.destroy();
  }
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return {
    result: {
      requests: latencies.length,
      requestsPerSecond: latencies.length / elapsed,
      p50Ms: at(0.5),
      p99Ms: at(0.99),
    },
  };
}

// In a worker thread (the benchmark's client), one round per message.
parentPort?.on('message', (load: CallersLoad) => {
  driveCallers(load).then(
    (answer) => parentPort?.postMessage(answer),
    (error: unknown) => parentPort?.postMessage({ error: String(error) } satisfies CallersAnswer),
  );
});
