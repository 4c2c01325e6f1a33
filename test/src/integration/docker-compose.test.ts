import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
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

const nodeServices = ['identity', 'certificate', 'ra', 'gateway'] as const;
const subgraphs = ['identity', 'certificate', 'ra'] as const;
const replicas = subgraphs.map((name) => `${name}-2`);

/** The settings that hold secrets: a process reads each from a file (`<NAME>_FILE`), never from its environment. */
const secretSettings = [
  'DATABASE_URL',
  'GATEWAY_ASSERTION_SECRET',
  'METRICS_TOKEN',
  'DATA_ENCRYPTION_KEYS',
  'DATA_INDEX_KEY',
  'SERVICE_SECRETS',
  'SERVICE_CLIENT_SECRET',
  'CA_KEY_ENCRYPTION_KEY',
  'KMC_KEY_ENCRYPTION_KEY',
  'CA_PKCS11_PIN',
  'POSTGRES_PASSWORD',
];

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; target?: string; args?: Record<string, string> };
  environment?: Record<string, string | number | null>;
  healthcheck?: { test: string[] | string };
  depends_on?: Record<string, { condition: string }>;
  ports?: { target: number; published?: string | number }[];
  networks?: Record<string, { aliases?: string[] } | null>;
  read_only?: boolean;
  user?: string;
  profiles?: string[];
  secrets?: ({ source: string; target?: string } | string)[];
  cap_drop?: string[];
  cap_add?: string[];
  security_opt?: string[];
  tmpfs?: string[] | string;
  deploy?: { resources?: { limits?: { cpus?: string | number; memory?: string | number } } };
}

interface ComposeModel {
  services: Record<string, ComposeService>;
  networks?: Record<string, { internal?: boolean } | null>;
  volumes?: Record<string, unknown>;
  secrets?: Record<string, { file?: string }>;
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
  // With the profile, so the replicas are in the model; each says which profile it belongs to.
  const run =
    client === 'plugin'
      ? spawnSync(
          'docker',
          ['compose', '--profile', 'replicas', '-f', composeFile, 'config', '--format', 'json'],
          options,
        )
      : spawnSync('docker-compose', ['--profile', 'replicas', '-f', composeFile, 'config'], options);
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

/** The secrets mounted in a service, each at /run/secrets/<name>. */
function secretsOf(service: ComposeService): string[] {
  return (service.secrets ?? []).map((secret) => (typeof secret === 'string' ? secret : secret.source));
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

/** The folder of the secret files: compose only names the files, so it need not hold them to render. */
const secretsDir = path.join(os.tmpdir(), 'tessera-compose-test-secrets');

/** Everything compose.yaml requires, so that it renders. */
const requiredEnv = {
  TESSERA_SECRETS_DIR: secretsDir,
  PUBLIC_URL: 'https://sso.bureau.example',
};

(client ? describe : describe.skip)('docker/compose.yaml', () => {
  let model: ComposeModel;

  function service(name: string): ComposeService {
    const found = model.services[name];
    if (!found) throw new Error(`service ${name} missing from docker/compose.yaml`);
    return found;
  }

  /** The subgraph's services: itself and, in the `replicas` profile, its second replica. */
  const withReplica = (name: string) => [name, `${name}-2`];

  beforeAll(() => {
    const rendered = render(client as ComposeClient, requiredEnv);
    if (rendered.status !== 0 || !rendered.model) throw new Error(`compose config failed:\n${rendered.stderr}`);
    model = rendered.model;
  });

  it('renders (compose config exits 0) with PostgreSQL, the three subgraphs, the sandbox bank and the gateway', () => {
    const byDefault = Object.entries(model.services).filter(([, s]) => !s.profiles?.length);
    expect(byDefault.map(([name]) => name).sort()).toEqual([
      'certificate',
      'gateway',
      'identity',
      'postgres',
      'ra',
      'sandbox-bank',
    ]);
    expect(service('postgres').image).toMatch(/^postgres:17\b/);
  });

  it('runs, in the `replicas` profile, a second replica of each subgraph that the gateway reaches by the same name', () => {
    const inProfile = Object.entries(model.services).filter(([, s]) => s.profiles?.length);
    expect(inProfile.map(([name]) => name).sort()).toEqual([...replicas].sort());
    for (const name of subgraphs) {
      const [primary, replica] = [service(name), service(`${name}-2`)];
      expect(replica.profiles).toEqual(['replicas']);
      expect(replica.image).toBe(primary.image);
      expect(replica.build).toBeUndefined();
      expect(replica.environment).toEqual(primary.environment);
      expect(secretsOf(replica)).toEqual(secretsOf(primary));
      expect(replica.healthcheck).toEqual(primary.healthcheck);
      // Both answer to the subgraph's name on the backend network (the gateway's URLs name it).
      for (const s of [primary, replica]) expect(s.networks?.backend?.aliases).toContain(name);
    }
  });

  it('gives the RA its service secret and identity the secrets it accepts, as files, and the certificate subgraph to call', () => {
    for (const ra of withReplica('ra')) {
      expect(service(ra).environment).toMatchObject({
        SERVICE_CLIENT_SECRET_FILE: '/run/secrets/ra-service-secret',
        CERTIFICATE_URL: 'http://certificate:4002/graphql',
      });
      expect(secretsOf(service(ra))).toContain('ra-service-secret');
    }
    for (const identity of withReplica('identity')) {
      expect(service(identity).environment?.SERVICE_SECRETS_FILE).toBe('/run/secrets/service-secrets');
      expect(secretsOf(service(identity))).toContain('service-secrets');
    }
  });

  it('gives the RA and the certificate subgraph the files of the data keys identity seals with, for the ID numbers of applications (RA-14, ID-8) and those waiting for their certificate (GM/T 0015)', () => {
    const keys = {
      DATA_ENCRYPTION_KEYS_FILE: '/run/secrets/data-encryption-keys',
      DATA_INDEX_KEY_FILE: '/run/secrets/data-index-key',
    };
    for (const name of [...withReplica('identity'), ...withReplica('ra'), ...withReplica('certificate')]) {
      expect(service(name).environment).toMatchObject(keys);
      expect(secretsOf(service(name))).toEqual(expect.arrayContaining(['data-encryption-keys', 'data-index-key']));
    }
  });

  it('refuses to render without the folder of the secret files, and says what to set', () => {
    const rendered = render(client as ComposeClient, { PUBLIC_URL: requiredEnv.PUBLIC_URL });
    expect(rendered.status).not.toBe(0);
    expect(rendered.stderr).toContain('set TESSERA_SECRETS_DIR');
  });

  it('hands every secret to its process as a file under /run/secrets (`*_FILE`), never as an environment value', () => {
    for (const [name, s] of Object.entries(model.services)) {
      const variables = env(s);
      for (const setting of secretSettings) expect([name, variables[setting]]).toEqual([name, undefined]);
      const files = Object.entries(variables).filter(([key]) => key.endsWith('_FILE'));
      const mounted = secretsOf(s);
      for (const [, file] of files) expect(mounted.map((secret) => `/run/secrets/${secret}`)).toContain(file);
      // Every secret a service mounts is one it reads.
      expect(mounted.sort()).toEqual(files.map(([, file]) => file.replace('/run/secrets/', '')).sort());
    }
    expect(service('postgres').environment?.POSTGRES_PASSWORD_FILE).toBe('/run/secrets/postgres-password');
    for (const [name, secret] of Object.entries(model.secrets ?? {}))
      expect(secret.file).toBe(path.join(secretsDir, name));
  });

  it('gives the gateway and every subgraph one gateway assertion secret and one set of operation limits (issue 11)', () => {
    for (const name of [...nodeServices, ...replicas]) {
      expect(env(service(name))).toMatchObject({
        GATEWAY_ASSERTION_SECRET_FILE: '/run/secrets/gateway-assertion-secret',
        GRAPHQL_MAX_DEPTH: '12',
        GRAPHQL_MAX_ALIASES: '20',
        GRAPHQL_MAX_COST: '5000',
        GRAPHQL_MAX_TOKENS: '2000',
      });
      expect(env(service(name)).TRUSTED_OPERATIONS ?? 'true').toBe('true');
    }
  });

  it('gives the gateway and identity, only, the public https origin as the OpenID Connect issuer, the certificate subgraph as its /pki base, and requires it (issue 12)', () => {
    for (const name of ['gateway', ...withReplica('identity')])
      expect(env(service(name)).PUBLIC_URL).toBe('https://sso.bureau.example');
    for (const name of [...withReplica('certificate'), ...withReplica('ra'), 'postgres', 'sandbox-bank'])
      expect(env(service(name)).PUBLIC_URL).toBeUndefined();
    for (const name of withReplica('certificate'))
      expect(env(service(name)).CA_PUBLIC_URL).toBe('https://sso.bureau.example');
    const { PUBLIC_URL: _, ...withoutIssuer } = requiredEnv;
    const rendered = render(client as ComposeClient, withoutIssuer);
    expect(rendered.status).not.toBe(0);
    expect(rendered.stderr).toContain('set PUBLIC_URL');
  });

  it('serves /metrics with the token of a secret file, and lets the gateway trust the proxy it is told to', () => {
    for (const name of [...nodeServices, ...replicas])
      expect(env(service(name)).METRICS_TOKEN_FILE).toBe('/run/secrets/metrics-token');
    expect(env(service('gateway')).TRUST_PROXY).toBe('false');
    const rendered = render(client as ComposeClient, { ...requiredEnv, TRUST_PROXY: '10.0.0.1' });
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
      for (const instance of withReplica(name))
        expect(dependencies(service(instance))).toEqual({
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
    for (const name of [...nodeServices, ...replicas]) {
      expect(env(service(name))).toMatchObject({
        NODE_ENV: 'production',
        HOST: '0.0.0.0',
        APOLLO_TELEMETRY_DISABLED: 'true',
        TURBO_TELEMETRY_DISABLED: '1',
        AUTH_JWKS_URL: 'http://identity:4001/.well-known/jwks.json',
      });
    }
  });

  it('connects every subgraph to the database through the URL in a secret file, and PostgreSQL takes its password from one', () => {
    for (const name of [...subgraphs, ...replicas]) {
      expect(env(service(name)).DATABASE_URL_FILE).toBe('/run/secrets/database-url');
      expect(secretsOf(service(name))).toContain('database-url');
    }
    expect(secretsOf(service('postgres'))).toEqual(['postgres-password']);
    expect(env(service('postgres'))).toMatchObject({ POSTGRES_USER: 'tessera', POSTGRES_DB: 'tessera' });
  });

  it('hardens PostgreSQL like the other services: its own user, read-only, no capabilities, its socket on a tmpfs', () => {
    const postgres = service('postgres');
    expect(postgres.user).toBe('postgres');
    expect(postgres.read_only).toBe(true);
    expect(postgres.cap_drop).toEqual(['ALL']);
    expect(postgres.cap_add ?? []).toEqual([]);
    expect(postgres.security_opt).toContain('no-new-privileges:true');
    const tmpfs = [postgres.tmpfs ?? []].flat();
    expect(tmpfs).toEqual(expect.arrayContaining(['/var/run/postgresql', '/tmp']));
    for (const name of [...nodeServices, ...replicas, 'sandbox-bank']) {
      expect(service(name).read_only).toBe(true);
      expect(service(name).cap_drop).toEqual(['ALL']);
      expect(service(name).security_opt).toContain('no-new-privileges:true');
    }
  });

  it('limits the CPU and memory of every service', () => {
    const bytes = (memory: string | number) => {
      const [, amount, unit] = /^(\d+(?:\.\d+)?)([kmg]?)b?$/i.exec(String(memory)) ?? [];
      return Number(amount) * 1024 ** ['', 'k', 'm', 'g'].indexOf((unit ?? '').toLowerCase());
    };
    for (const [name, s] of Object.entries(model.services)) {
      const limits = s.deploy?.resources?.limits;
      expect([name, Number(limits?.cpus)]).toEqual([name, expect.any(Number)]);
      expect(Number(limits?.cpus)).toBeGreaterThan(0);
      expect(bytes(limits?.memory ?? '')).toBeGreaterThanOrEqual(128 * 1024 ** 2);
    }
  });

  it('publishes the gateway on port 4000 and nothing else', () => {
    const published = (service('gateway').ports ?? []).map((p) => ({
      target: p.target,
      published: String(p.published),
    }));
    expect(published).toEqual([{ target: 4000, published: '4000' }]);
    expect(env(service('gateway')).GATEWAY_PORT).toBe('4000');
    for (const name of ['postgres', ...subgraphs, ...replicas]) expect(service(name).ports ?? []).toEqual([]);
  });

  it('keeps PostgreSQL and the subgraphs on an internal network the gateway also joins', () => {
    expect(model.networks?.backend?.internal).toBe(true);
    for (const name of ['postgres', ...subgraphs, ...replicas])
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

  it("builds on Node 24 pinned by digest: the Dockerfile's NODE_IMAGE, which compose passes on and may move (issue 13)", () => {
    const source = fs.readFileSync(dockerfile, 'utf8');
    const fallback = /^ARG NODE_IMAGE=(\S+)$/m.exec(source)?.[1];
    expect(fallback).toMatch(/^node:24-[a-z0-9.-]+@sha256:[0-9a-f]{64}$/);
    expect(source).toMatch(/^FROM \$\{NODE_IMAGE\} AS base$/m);
    for (const name of nodeServices) expect(service(name).build?.args?.NODE_IMAGE).toBe(fallback);
    const pinned = `node:24-bookworm-slim@sha256:${'ab'.repeat(32)}`;
    const rendered = render(client as ComposeClient, { ...requiredEnv, NODE_IMAGE: pinned });
    for (const name of nodeServices) expect(rendered.model?.services[name]?.build?.args?.NODE_IMAGE).toBe(pinned);
  });

  it('keeps the database and the PKCS#11 tokens in named volumes', () => {
    expect(Object.keys(model.volumes ?? {}).sort()).toEqual(['hsm-tokens', 'postgres-data']);
  });
});
