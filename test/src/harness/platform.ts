import { Writable } from 'node:stream';
import { type Platform, startPlatform } from '@tessera/gateway';
import type { TokenRequest } from '@tessera/identity';
import { createLogger, createTestDatabase, loadConfig } from '@tessera/kit';

/** Every log line a test platform wrote, per service, as parsed JSON. */
export class LogCapture {
  readonly lines: { service: string; raw: string; entry: Record<string, unknown> }[] = [];

  stream(service: string): Writable {
    return new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        for (const raw of chunk.toString('utf8').split('\n').filter(Boolean)) {
          this.lines.push({ service, raw, entry: JSON.parse(raw) as Record<string, unknown> });
        }
        done();
      },
    });
  }

  of(service: string) {
    return this.lines.filter((l) => l.service === service);
  }

  text(): string {
    return this.lines.map((l) => l.raw).join('\n');
  }
}

export { createTestDatabase, testServerUrl } from '@tessera/kit';

export interface TestPlatform extends Platform {
  logs: LogCapture;
  /** An access token signed by the platform's identity subgraph. */
  token(request: TokenRequest): Promise<string>;
}

/** The whole platform on free ports over a fresh database (or `databaseUrl`, another replica's), logs captured. */
export async function startTestPlatform(
  env: Record<string, string> = {},
  { databaseUrl }: { databaseUrl?: string } = {},
): Promise<TestPlatform> {
  const logs = new LogCapture();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info', SUPERGRAPH_WATCH: 'false', ...env });
  const platform = await startPlatform({
    config,
    databaseUrl: databaseUrl ?? (await createTestDatabase()),
    ephemeralPorts: true,
    logFor: (service) => createLogger({ service, level: config.logLevel, destination: logs.stream(service) }),
  });
  return { ...platform, logs, token: (request) => platform.identity.services.tokens.issue(request) };
}

export interface GraphResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[] };
}

/** A GraphQL POST as a client sends it. */
export async function graphql<T = Record<string, unknown>>(
  url: string,
  query: string,
  options: { variables?: Record<string, unknown>; token?: string; headers?: Record<string, string> } = {},
): Promise<GraphResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query, variables: options.variables }),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as GraphResponse<T>['body'],
  };
}
