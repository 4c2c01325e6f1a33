import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { type Platform, startPlatform } from '@tessera/gateway';
import type { TokenRequest } from '@tessera/identity';
import { createLogger, loadConfig } from '@tessera/kit';
import { Client } from 'pg';

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

/** The run's PostgreSQL (embedded by the global setup, or external). */
export function testServerUrl(): string {
  const url = process.env.TESSERA_TEST_DATABASE_URL;
  if (!url) throw new Error('TESSERA_TEST_DATABASE_URL is not set: run the tests through jest (global setup)');
  return url;
}

/** A fresh, empty database on the run's server, so test files never see each other's rows. */
export async function createTestDatabase(): Promise<string> {
  const server = testServerUrl();
  const name = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const client = new Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

export interface TestPlatform extends Platform {
  logs: LogCapture;
  /** An access token signed by the platform's identity subgraph. */
  token(request: TokenRequest): Promise<string>;
}

/** The whole platform on free ports over a fresh database, logs captured. */
export async function startTestPlatform(env: Record<string, string> = {}): Promise<TestPlatform> {
  const logs = new LogCapture();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info', SUPERGRAPH_WATCH: 'false', ...env });
  const platform = await startPlatform({
    config,
    databaseUrl: await createTestDatabase(),
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
