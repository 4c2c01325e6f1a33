import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * docker/compose.yaml, as the compose client resolves it. No Docker engine runs here, so the
 * images are never built: this keeps the file valid and in step with the supergraph and the
 * Dockerfile's targets.
 */

const root = path.resolve(__dirname, '../../..');
const composeFile = path.join(root, 'docker', 'compose.yaml');
const dockerfile = path.join(root, 'docker', 'Dockerfile');
const supergraphFile = path.join(root, 'schema', 'supergraph.graphql');

const password = 'compose-test-password';
const nodeServices = ['identity', 'certificate', 'ra', 'gateway'] as const;
const subgraphs = ['identity', 'certificate', 'ra'] as const;

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; target?: string };
  environment?: Record<string, string | number | null>;
  healthcheck?: { test: string[] | string };
  depends_on?: Record<string, { condition: string }>;
  ports?: { target: number; published?: string | number }[];
  networks?: Record<string, unknown>;
  read_only?: boolean;
  user?: string;
}

interface ComposeModel {
  services: Record<string, ComposeService>;
  networks?: Record<string, { internal?: boolean } | null>;
  volumes?: Record<string, unknown>;
}

interface Rendered {
  status: number | null;
  stderr: string;
  model?: ComposeModel;
}

/**
 * The compose v2 plugin (`docker compose`) prints the resolved model as JSON. Debian ships only
 * docker-compose 1.x, which prints YAML: its own Python YAML library (a dependency of the Debian
 * package) turns that into JSON, so the test needs no YAML parser of its own.
 */
type ComposeClient = 'plugin' | 'standalone';

function findComposeClient(): ComposeClient | undefined {
  if (spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' }).status === 0) return 'plugin';
  if (spawnSync('docker-compose', ['version', '--short'], { encoding: 'utf8' }).status === 0) return 'standalone';
  return undefined;
}

const yamlToJson = 'import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)';

function render(client: ComposeClient, env: Record<string, string>): Rendered {
  const options = {
    cwd: root,
    encoding: 'utf8' as const,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
  };
  const run =
    client === 'plugin'
      ? spawnSync('docker', ['compose', '-f', composeFile, 'config', '--format', 'json'], options)
      : spawnSync('docker-compose', ['-f', composeFile, 'config'], options);
  if (run.status !== 0) return { status: run.status, stderr: run.stderr };
  const json =
    client === 'plugin'
      ? run.stdout
      : spawnSync('python3', ['-c', yamlToJson], { ...options, input: run.stdout }).stdout;
  return { status: run.status, stderr: run.stderr, model: JSON.parse(json) as ComposeModel };
}

/** `name → url` of every `@join__graph` in the committed supergraph. */
function supergraphSubgraphUrls(): Record<string, string> {
  const sdl = fs.readFileSync(supergraphFile, 'utf8');
  const found = [...sdl.matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]+)"\)/g)];
  return Object.fromEntries(found.map(([, name, url]) => [name, url]));
}

function env(service: ComposeService): Record<string, string> {
  return Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, String(v)]));
}

/** `service → condition`: compose v2 adds keys of its own (`required`, `restart`) beside the condition. */
function dependencies(service: ComposeService): Record<string, string> {
  return Object.fromEntries(Object.entries(service.depends_on ?? {}).map(([name, d]) => [name, d.condition]));
}

function healthcheckCommand(service: ComposeService): string {
  const test = service.healthcheck?.test ?? [];
  return Array.isArray(test) ? test.join(' ') : test;
}

const client = findComposeClient();
if (!client)
  console.warn(
    'docker compose client not found (neither `docker compose` nor `docker-compose`): skipping compose validation',
  );

const raSecret = 'ra-secret-of-the-compose-test-0001';
const assertionSecret = 'gateway-assertion-secret-of-the-compose-test';

/** Everything compose.yaml requires, so that it renders. */
const requiredEnv = {
  POSTGRES_PASSWORD: password,
  DATA_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  DATA_INDEX_KEY: Buffer.alloc(32, 2).toString('base64'),
  CA_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
  KMC_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 4).toString('base64'),
  RA_SERVICE_SECRET: raSecret,
  GATEWAY_ASSERTION_SECRET: assertionSecret,
  PUBLIC_URL: 'https://sso.bureau.example',
};

(client ? describe : describe.skip)('docker/compose.yaml', () => {
  let model: ComposeModel;

  function service(name: string): ComposeService {
    const found = model.services[name];
    if (!found) throw new Error(`service ${name} missing from docker/compose.yaml`);
    return found;
  }

  beforeAll(() => {
    const rendered = render(client as ComposeClient, requiredEnv);
    if (rendered.status !== 0 || !rendered.model) throw new Error(`compose config failed:\n${rendered.stderr}`);
    model = rendered.model;
  });

  it('renders (compose config exits 0) with PostgreSQL, the three subgraphs, the sandbox bank and the gateway', () => {
    expect(Object.keys(model.services).sort()).toEqual([
      'certificate',
      'gateway',
      'identity',
      'postgres',
      'ra',
      'sandbox-bank',
    ]);
    expect(service('postgres').image).toMatch(/^postgres:17\b/);
  });

  it('gives the RA the secret identity accepts for its service tokens, and the certificate subgraph to call', () => {
    expect(service('ra').environment).toMatchObject({
      SERVICE_CLIENT_SECRET: raSecret,
      CERTIFICATE_URL: 'http://certificate:4002/graphql',
    });
    expect(service('identity').environment?.SERVICE_SECRETS).toBe(`ra:${raSecret}`);
  });

  it('gives the RA the data keys identity seals with, for the ID numbers of applications (RA-14)', () => {
    const { DATA_ENCRYPTION_KEYS, DATA_INDEX_KEY } = service('identity').environment ?? {};
    expect(service('ra').environment).toMatchObject({ DATA_ENCRYPTION_KEYS, DATA_INDEX_KEY });
    expect(DATA_ENCRYPTION_KEYS).toBeTruthy();
  });

  it('refuses to render without POSTGRES_PASSWORD, and says what to set', () => {
    const rendered = render(client as ComposeClient, {});
    expect(rendered.status).not.toBe(0);
    expect(rendered.stderr).toContain('set POSTGRES_PASSWORD');
  });

  it('refuses to render without the keys that seal personal data (ID-8), and points identity at the sandbox bank', () => {
    const rendered = render(client as ComposeClient, { POSTGRES_PASSWORD: password });
    expect(rendered.status).not.toBe(0);
    expect(rendered.stderr).toMatch(/set DATA_(ENCRYPTION|INDEX)_KEY/);
    expect(service('identity').environment?.BANK_VERIFIER_URL).toBe('http://sandbox-bank:4010');
    expect(service('identity').depends_on).toMatchObject({ 'sandbox-bank': { condition: 'service_healthy' } });
  });

  it('gives the gateway and every subgraph one gateway assertion secret and one set of operation limits (issue 11)', () => {
    for (const name of nodeServices) {
      expect(env(service(name))).toMatchObject({
        GATEWAY_ASSERTION_SECRET: assertionSecret,
        GRAPHQL_MAX_DEPTH: '12',
        GRAPHQL_MAX_ALIASES: '20',
        GRAPHQL_MAX_COST: '5000',
        GRAPHQL_MAX_TOKENS: '2000',
      });
      expect(env(service(name)).TRUSTED_OPERATIONS ?? 'true').toBe('true');
    }
    const { GATEWAY_ASSERTION_SECRET: _, ...withoutSecret } = requiredEnv;
    const rendered = render(client as ComposeClient, withoutSecret);
    expect(rendered.status).not.toBe(0);
    expect(rendered.stderr).toContain('set GATEWAY_ASSERTION_SECRET');
  });

  it('gives the gateway and identity the public https origin as the OpenID Connect issuer, and requires it (issue 12)', () => {
    for (const name of ['gateway', 'identity'])
      expect(env(service(name)).PUBLIC_URL).toBe('https://sso.bureau.example');
    const { PUBLIC_URL: _, ...withoutIssuer } = requiredEnv;
    const rendered = render(client as ComposeClient, withoutIssuer);
    expect(rendered.status).not.toBe(0);
    expect(rendered.stderr).toContain('set PUBLIC_URL');
  });

  it('serves /metrics only with the METRICS_TOKEN given, and lets the gateway trust the proxy it is told to', () => {
    for (const name of nodeServices) expect(env(service(name)).METRICS_TOKEN ?? '').toBe('');
    const rendered = render(client as ComposeClient, {
      ...requiredEnv,
      METRICS_TOKEN: 'a-metrics-token-of-the-compose-test',
      TRUST_PROXY: '10.0.0.1',
    });
    for (const name of nodeServices) {
      expect(rendered.model?.services[name]?.environment?.METRICS_TOKEN).toBe('a-metrics-token-of-the-compose-test');
    }
    expect(rendered.model?.services.gateway?.environment?.TRUST_PROXY).toBe('10.0.0.1');
  });

  it('gives every service a healthcheck: pg_isready for PostgreSQL, its own /ready for each Node process', () => {
    expect(healthcheckCommand(service('postgres'))).toContain('pg_isready');
    const ports = {
      identity: 'IDENTITY_PORT',
      certificate: 'CERTIFICATE_PORT',
      ra: 'RA_PORT',
      gateway: 'GATEWAY_PORT',
    };
    for (const name of nodeServices) {
      const port = env(service(name))[ports[name]];
      expect(port).toMatch(/^\d+$/);
      expect(healthcheckCommand(service(name))).toContain(`fetch('http://127.0.0.1:${port}/ready')`);
    }
  });

  it('starts the subgraphs after a healthy PostgreSQL and the gateway after three healthy subgraphs', () => {
    for (const name of subgraphs) {
      expect(dependencies(service(name))).toEqual({
        postgres: 'service_healthy',
        ...(name === 'identity' ? { 'sandbox-bank': 'service_healthy' } : {}),
      });
    }
    expect(dependencies(service('gateway'))).toEqual({
      identity: 'service_healthy',
      certificate: 'service_healthy',
      ra: 'service_healthy',
    });
  });

  it('runs every Node process in production, listening on all interfaces, with telemetry off', () => {
    for (const name of nodeServices) {
      expect(env(service(name))).toMatchObject({
        NODE_ENV: 'production',
        HOST: '0.0.0.0',
        APOLLO_TELEMETRY_DISABLED: 'true',
        TURBO_TELEMETRY_DISABLED: '1',
        AUTH_JWKS_URL: 'http://identity:4001/.well-known/jwks.json',
      });
    }
  });

  it('connects every subgraph to the postgres service with the given password', () => {
    for (const name of subgraphs) {
      const url = new URL(env(service(name)).DATABASE_URL ?? '');
      expect(url.hostname).toBe('postgres');
      expect(url.password).toBe(password);
      expect(url.pathname).toBe(`/${env(service('postgres')).POSTGRES_DB}`);
      expect(url.username).toBe(env(service('postgres')).POSTGRES_USER);
    }
  });

  it('publishes the gateway on port 4000 and nothing else', () => {
    const published = (service('gateway').ports ?? []).map((p) => ({
      target: p.target,
      published: String(p.published),
    }));
    expect(published).toEqual([{ target: 4000, published: '4000' }]);
    expect(env(service('gateway')).GATEWAY_PORT).toBe('4000');
    for (const name of ['postgres', ...subgraphs]) expect(service(name).ports ?? []).toEqual([]);
  });

  it('keeps PostgreSQL and the subgraphs on an internal network the gateway also joins', () => {
    expect(model.networks?.backend?.internal).toBe(true);
    for (const name of ['postgres', ...subgraphs])
      expect(Object.keys(service(name).networks ?? {})).toEqual(['backend']);
    expect(Object.keys(service('gateway').networks ?? {}).sort()).toEqual(['backend', 'edge']);
  });

  it("gives the gateway the supergraph's subgraph URLs, each naming a service and the port it listens on", () => {
    const urls = supergraphSubgraphUrls();
    expect(Object.keys(urls).sort()).toEqual(['certificate', 'identity', 'ra']);
    const gateway = env(service('gateway'));
    for (const [name, url] of Object.entries(urls)) {
      expect(gateway[`${name.toUpperCase()}_URL`]).toBe(url);
      const { hostname, port } = new URL(url);
      expect(hostname).toBe(name);
      expect(env(service(hostname))[`${name.toUpperCase()}_PORT`]).toBe(port);
    }
  });

  it('builds each Node service from a target that docker/Dockerfile declares', () => {
    const targets = [...fs.readFileSync(dockerfile, 'utf8').matchAll(/^FROM\s+\S+\s+AS\s+(\S+)$/gim)].map((m) => m[1]);
    for (const name of nodeServices) {
      const build = service(name).build;
      expect(build?.dockerfile).toBe('docker/Dockerfile');
      expect(path.resolve(root, build?.context ?? '')).toBe(root);
      expect(build?.target).toBe(name);
      expect(targets).toContain(name);
      expect(service(name).read_only).toBe(true);
    }
  });

  it('keeps the database and the PKCS#11 tokens in named volumes', () => {
    expect(Object.keys(model.volumes ?? {}).sort()).toEqual(['hsm-tokens', 'postgres-data']);
  });
});
