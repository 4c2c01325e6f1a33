import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { type KubernetesObject, kustomize } from '../harness/kustomize';

/**
 * deploy/kubernetes (issue 13, item 3). No cluster runs here: every overlay is rendered, every
 * object is validated against the Kubernetes OpenAPI schemas (kubernetes-models; CloudNativePG's
 * CRDs through @kubernetes-models/cloudnative-pg), and the invariants of a production install are
 * checked on the rendered objects.
 */

const root = path.resolve(__dirname, '../../..');
const kubernetesDir = path.join(root, 'deploy', 'kubernetes');
const overlaysDir = path.join(kubernetesDir, 'overlays');
const dockerfile = fs.readFileSync(path.join(root, 'docker', 'Dockerfile'), 'utf8');
const supergraph = fs.readFileSync(path.join(root, 'schema', 'supergraph.graphql'), 'utf8');

const subgraphs = ['identity', 'certificate', 'ra'] as const;
const services = ['gateway', ...subgraphs] as const;
type Component = (typeof services)[number] | 'migration';

/** The settings that hold secrets: they reach a process only as `<NAME>_FILE`, a mounted file. */
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
];

/** Which secrets each process needs, and nothing more (with CA keys in software). */
const secretsOf: Record<Component, string[]> = {
  gateway: ['GATEWAY_ASSERTION_SECRET', 'METRICS_TOKEN'],
  identity: [
    'DATABASE_URL',
    'GATEWAY_ASSERTION_SECRET',
    'METRICS_TOKEN',
    'DATA_ENCRYPTION_KEYS',
    'DATA_INDEX_KEY',
    'SERVICE_SECRETS',
  ],
  certificate: [
    'DATABASE_URL',
    'GATEWAY_ASSERTION_SECRET',
    'METRICS_TOKEN',
    'CA_KEY_ENCRYPTION_KEY',
    'KMC_KEY_ENCRYPTION_KEY',
    'DATA_ENCRYPTION_KEYS',
    'DATA_INDEX_KEY',
  ],
  ra: [
    'DATABASE_URL',
    'GATEWAY_ASSERTION_SECRET',
    'METRICS_TOKEN',
    'DATA_ENCRYPTION_KEYS',
    'DATA_INDEX_KEY',
    'SERVICE_CLIENT_SECRET',
  ],
  migration: ['DATABASE_URL'],
};

/** What each overlay chooses: where the database URL comes from, whether it runs PostgreSQL, where the CA keys live. */
const overlayChoices: Record<string, { database: string; cluster: boolean; caKeys: 'software' | 'pkcs11' }> = {
  'cloudnative-pg': { database: 'tessera-db-app/uri', cluster: true, caKeys: 'software' },
  'external-database': { database: 'tessera-database/url', cluster: false, caKeys: 'software' },
  'network-hsm': { database: 'tessera-db-app/uri', cluster: true, caKeys: 'pkcs11' },
};

/** With the keys on an HSM, the certificate subgraph reads the token's PIN instead of the software sealing keys. */
function secretsNeeded(component: Component, caKeys: 'software' | 'pkcs11'): string[] {
  if (component !== 'certificate' || caKeys === 'software') return secretsOf[component];
  return [
    'DATABASE_URL',
    'GATEWAY_ASSERTION_SECRET',
    'METRICS_TOKEN',
    'CA_PKCS11_PIN',
    'DATA_ENCRYPTION_KEYS',
    'DATA_INDEX_KEY',
  ];
}

const secretsMount = '/run/secrets/tessera';

interface Probe {
  httpGet?: { path: string; port: string | number };
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: unknown; configMapKeyRef?: { name: string; key: string } };
}

interface Container {
  name: string;
  image: string;
  command?: string[];
  ports?: { name?: string; containerPort: number; hostPort?: number }[];
  env?: EnvVar[];
  envFrom?: { secretRef?: unknown; configMapRef?: { name: string } }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: {
    runAsNonRoot?: boolean;
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
    capabilities?: { drop?: string[]; add?: string[] };
    seccompProfile?: { type: string };
    privileged?: boolean;
  };
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
}

interface SecretProjection {
  name: string;
  items?: { key: string; path: string }[];
}

interface Volume {
  name: string;
  secret?: { secretName: string; items?: { key: string; path: string }[] };
  projected?: { sources: { secret?: SecretProjection; configMap?: unknown }[] };
  hostPath?: unknown;
}

interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  volumes?: Volume[];
  hostNetwork?: boolean;
  securityContext?: { runAsNonRoot?: boolean; seccompProfile?: { type: string } };
}

interface Workload extends KubernetesObject {
  spec: { replicas?: number; template: { metadata: { labels: Record<string, string> }; spec: PodSpec } };
}

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}

interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: unknown;
}

interface NetworkPolicy extends KubernetesObject {
  spec: {
    podSelector: LabelSelector;
    policyTypes?: string[];
    ingress?: { from?: NetworkPolicyPeer[]; ports?: { port: number }[] }[];
  };
}

type ModelClass = new (data: unknown) => { validate(): void };

/** The kubernetes-models module of each API version the manifests use. */
const modelModules: Record<string, string> = {
  v1: 'kubernetes-models/v1',
  'apps/v1': 'kubernetes-models/apps/v1',
  'batch/v1': 'kubernetes-models/batch/v1',
  'policy/v1': 'kubernetes-models/policy/v1',
  'autoscaling/v2': 'kubernetes-models/autoscaling/v2',
  'networking.k8s.io/v1': 'kubernetes-models/networking.k8s.io/v1',
  'postgresql.cnpg.io/v1': '@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1',
};

async function modelOf(object: KubernetesObject): Promise<ModelClass> {
  const specifier = modelModules[object.apiVersion];
  if (!specifier) throw new Error(`no schema known for ${object.apiVersion} (${object.kind} ${object.metadata.name})`);
  const models = (await import(specifier)) as Record<string, ModelClass>;
  const model = models[object.kind];
  if (!model) throw new Error(`${object.apiVersion} has no kind ${object.kind}`);
  return model;
}

function matches(selector: LabelSelector, labels: Record<string, string>): boolean {
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const byExpressions = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    if (operator === 'In') return key in labels && values.includes(labels[key] as string);
    if (operator === 'NotIn') return !(key in labels) || !values.includes(labels[key] as string);
    if (operator === 'Exists') return key in labels;
    return !(key in labels);
  });
  return byLabels && byExpressions;
}

const overlays = fs.readdirSync(overlaysDir).sort();

it('has the database overlays (CloudNativePG, an external DSN) and the network HSM overlay', () => {
  expect(overlays).toEqual(Object.keys(overlayChoices).sort());
});

describe.each(overlays)('deploy/kubernetes/overlays/%s', (overlay) => {
  const choices = overlayChoices[overlay] ?? { database: '', cluster: false, caKeys: 'software' };
  const objects = kustomize(path.join(overlaysDir, overlay));
  const ofKind = <T extends KubernetesObject>(kind: string) => objects.filter((o) => o.kind === kind) as T[];
  const deployments = ofKind<Workload>('Deployment');
  const jobs = ofKind<Workload>('Job');
  const workloads = [...deployments, ...jobs];
  const component = (w: Workload) => w.spec.template.metadata.labels['app.kubernetes.io/component'] as Component;
  const deployment = (name: string) => {
    const found = deployments.find((d) => d.metadata.name === name);
    if (!found) throw new Error(`Deployment ${name} missing`);
    return found;
  };
  const container = (w: Workload) => w.spec.template.spec.containers[0] as Container;
  const envOf = (c: Container) => Object.fromEntries((c.env ?? []).map((e) => [e.name, e]));

  /**
   * The files a container reads from mounted Secrets: mount path/item path → `secret/key`. Every
   * Secret is mounted read-only; under /run/secrets/tessera each names the keys it projects.
   */
  function secretFiles(w: Workload, c: Container): Record<string, string> {
    const files: Record<string, string> = {};
    for (const mount of c.volumeMounts ?? []) {
      const volume = w.spec.template.spec.volumes?.find((v) => v.name === mount.name);
      const sources: SecretProjection[] = [
        ...(volume?.secret ? [{ name: volume.secret.secretName, items: volume.secret.items }] : []),
        ...(volume?.projected?.sources.flatMap((s) => (s.secret ? [s.secret] : [])) ?? []),
      ];
      for (const source of sources) {
        if (mount.mountPath === secretsMount) expect(source.items?.length).toBeGreaterThan(0);
        expect(mount.readOnly).toBe(true);
        for (const item of source.items ?? []) files[`${mount.mountPath}/${item.path}`] = `${source.name}/${item.key}`;
      }
    }
    return files;
  }

  it('validates every object against the Kubernetes schemas (CloudNativePG CRDs included)', async () => {
    expect(objects.length).toBeGreaterThan(0);
    for (const object of objects) {
      const Model = await modelOf(object);
      expect(() => new Model(object).validate()).not.toThrow();
      if (object.kind !== 'Namespace') expect(object.metadata.namespace).toBe('tessera');
    }
    const names = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(new Set(names).size).toBe(names.length);
  });

  it('runs a Deployment per service from the image of its docker/Dockerfile target, and the migration Job', () => {
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual([...services].sort());
    expect(jobs.map((j) => j.metadata.name)).toEqual(['tessera-migrate']);
    const targets = [...dockerfile.matchAll(/^FROM\s+\S+\s+AS\s+(\S+)$/gim)].map((m) => m[1]);
    for (const w of workloads) {
      const [image] = container(w).image.split(':');
      const target = image?.replace('tessera/', '') ?? '';
      expect(image).toBe(`tessera/${w.kind === 'Job' ? 'migrate' : w.metadata.name}`);
      expect(targets).toContain(target);
      expect(container(w).image).toMatch(/:[\w.-]+$/);
    }
  });

  it('gives every container requests and limits, and runs it non-root, read-only, without capabilities, under RuntimeDefault seccomp', () => {
    for (const w of workloads) {
      const pod = w.spec.template.spec;
      expect(pod.hostNetwork ?? false).toBe(false);
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) {
        for (const kind of ['requests', 'limits'] as const)
          expect(Object.keys(c.resources?.[kind] ?? {}).sort()).toEqual(['cpu', 'memory']);
        expect(c.securityContext).toMatchObject({
          runAsNonRoot: true,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
          seccompProfile: { type: 'RuntimeDefault' },
        });
        expect(c.securityContext?.capabilities?.add ?? []).toEqual([]);
        expect(c.securityContext?.privileged ?? false).toBe(false);
        for (const port of c.ports ?? []) expect(port.hostPort).toBeUndefined();
      }
      for (const volume of pod.volumes ?? []) expect(volume.hostPath).toBeUndefined();
    }
  });

  it("probes every service's container: readiness on /ready, liveness on /health (the kit's createHttpApp)", () => {
    for (const d of deployments)
      for (const c of d.spec.template.spec.containers) {
        const port = c.ports?.[0];
        expect(c.readinessProbe?.httpGet).toEqual({ path: '/ready', port: port?.name });
        expect(c.livenessProbe?.httpGet).toEqual({ path: '/health', port: port?.name });
      }
  });

  it('gives every Deployment a PodDisruptionBudget and a HorizontalPodAutoscaler of two replicas at least', () => {
    const budgets = ofKind<KubernetesObject & { spec: { selector: LabelSelector; maxUnavailable?: number } }>(
      'PodDisruptionBudget',
    );
    const autoscalers = ofKind<
      KubernetesObject & { spec: { scaleTargetRef: { kind: string; name: string }; minReplicas: number } }
    >('HorizontalPodAutoscaler');
    for (const d of deployments) {
      const labels = d.spec.template.metadata.labels;
      expect(budgets.filter((b) => matches(b.spec.selector, labels))).toHaveLength(1);
      const scalers = autoscalers.filter((h) => h.spec.scaleTargetRef.name === d.metadata.name);
      expect(scalers).toHaveLength(1);
      expect(scalers[0]?.spec.scaleTargetRef.kind).toBe('Deployment');
      expect(scalers[0]?.spec.minReplicas).toBeGreaterThanOrEqual(2);
      // The autoscaler owns the count: a `replicas` here would reset it on every apply.
      expect(d.spec.replicas).toBeUndefined();
    }
    expect(budgets).toHaveLength(deployments.length);
    expect(autoscalers).toHaveLength(deployments.length);
  });

  it('exposes only the gateway: one Ingress to its Service, every Service internal', () => {
    const ingresses = ofKind<
      KubernetesObject & {
        spec: { tls?: unknown[]; rules: { http: { paths: { backend: { service: { name: string } } }[] } }[] };
      }
    >('Ingress');
    expect(ingresses).toHaveLength(1);
    const backends = ingresses.flatMap((i) =>
      i.spec.rules.flatMap((r) => r.http.paths.map((p) => p.backend.service.name)),
    );
    expect(new Set(backends)).toEqual(new Set(['gateway']));
    expect(ingresses[0]?.spec.tls?.length).toBeGreaterThan(0);
    for (const service of ofKind<KubernetesObject & { spec: { type?: string } }>('Service'))
      expect(service.spec.type ?? 'ClusterIP').toBe('ClusterIP');
  });

  it('lets through network policies only: the Ingress controller to the gateway, the gateway and the subgraphs to the subgraphs, the subgraphs and the migration Job to PostgreSQL', () => {
    const policies = ofKind<NetworkPolicy>('NetworkPolicy');
    const defaultDeny = policies.filter(
      (p) => Object.keys(p.spec.podSelector).length === 0 && p.spec.policyTypes?.includes('Ingress') && !p.spec.ingress,
    );
    expect(defaultDeny).toHaveLength(1);
    const pods = workloads.map((w) => ({ component: component(w), labels: w.spec.template.metadata.labels }));
    const database = { component: 'postgres', labels: { 'cnpg.io/cluster': 'tessera-db' } };
    /** The Tessera components a pod with these labels accepts connections from, and the namespaces. */
    function reachableFrom(labels: Record<string, string>) {
      const selecting = policies.filter((p) => matches(p.spec.podSelector, labels));
      const peers = selecting.flatMap((p) => (p.spec.ingress ?? []).flatMap((rule) => rule.from ?? []));
      for (const peer of peers) expect(peer.ipBlock).toBeUndefined();
      const namespaces = peers.flatMap((peer) =>
        peer.namespaceSelector ? [peer.namespaceSelector.matchLabels?.['kubernetes.io/metadata.name']] : [],
      );
      const components = pods
        .filter((pod) => peers.some((peer) => !peer.namespaceSelector && matches(peer.podSelector ?? {}, pod.labels)))
        .map((pod) => pod.component);
      return { components: [...new Set(components)].sort(), namespaces };
    }
    expect(reachableFrom(deployment('gateway').spec.template.metadata.labels)).toEqual({
      components: [],
      namespaces: ['ingress-nginx'],
    });
    for (const name of subgraphs) {
      const others = services.filter((s) => s !== name);
      expect(reachableFrom(deployment(name).spec.template.metadata.labels)).toEqual({
        components: [...others].sort(),
        namespaces: [],
      });
    }
    expect(reachableFrom(jobs[0]?.spec.template.metadata.labels ?? {})).toEqual({ components: [], namespaces: [] });
    if (choices.cluster) {
      const fromDatabase = reachableFrom(database.labels);
      expect(fromDatabase.components).toEqual(['certificate', 'identity', 'migration', 'ra']);
      // Besides: its own instances (replication) and the operator's namespace.
      expect(fromDatabase.namespaces).toEqual(['cnpg-system']);
    }
  });

  it('hands every secret to its process as a mounted file (`*_FILE`), never as an environment value', () => {
    for (const w of workloads)
      for (const c of w.spec.template.spec.containers) {
        const env = envOf(c);
        for (const entry of c.env ?? []) expect(entry.valueFrom?.secretKeyRef).toBeUndefined();
        for (const from of c.envFrom ?? []) expect(from.secretRef).toBeUndefined();
        for (const name of secretSettings) expect(env[name]).toBeUndefined();
        const files = secretFiles(w, c);
        const given = secretSettings.filter((name) => env[`${name}_FILE`]);
        expect(given.sort()).toEqual([...secretsNeeded(component(w), choices.caKeys)].sort());
        for (const name of given) {
          const file = env[`${name}_FILE`]?.value ?? '';
          expect(path.dirname(file)).toBe(secretsMount);
          expect(files[file]).toBeDefined();
        }
        // No file is mounted there that no setting reads.
        const tessera = Object.keys(files).filter((file) => path.dirname(file) === secretsMount);
        expect(tessera.sort()).toEqual(given.map((name) => env[`${name}_FILE`]?.value).sort());
      }
    for (const map of ofKind<KubernetesObject & { data: Record<string, string> }>('ConfigMap'))
      for (const name of secretSettings) expect(map.data[name]).toBeUndefined();
    expect(ofKind('Secret')).toEqual([]);
  });

  it('reads the database URL from the Secret of the database the overlay names', () => {
    for (const w of workloads.filter((w) => secretsOf[component(w)].includes('DATABASE_URL'))) {
      const c = container(w);
      expect(secretFiles(w, c)[envOf(c).DATABASE_URL_FILE?.value ?? '']).toBe(choices.database);
    }
  });

  it('runs the migrations in a Job with the migration command of the migrate image', () => {
    const job = jobs[0] as Workload & { spec: { template: { spec: { restartPolicy: string } } } };
    expect(container(job).command).toEqual(['node', 'gateway/dist/platform/migrate.js']);
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    expect(dockerfile).toMatch(/^FROM runtime AS migrate$/m);
  });

  it('gives the gateway and identity, only, the public https origin as the OpenID Connect issuer (issue 12), and the certificate subgraph its /pki base', () => {
    const maps = ofKind<KubernetesObject & { data: Record<string, string> }>('ConfigMap');
    for (const d of deployments) {
      const publicUrl = envOf(container(d)).PUBLIC_URL;
      if (d.metadata.name === 'gateway' || d.metadata.name === 'identity') {
        const ref = publicUrl?.valueFrom?.configMapKeyRef;
        const value = maps.find((m) => m.metadata.name === ref?.name)?.data[ref?.key ?? ''];
        expect(new URL(value ?? '').protocol).toBe('https:');
        const hosts = ofKind<KubernetesObject & { spec: { rules: { host: string }[] } }>('Ingress').flatMap((i) =>
          i.spec.rules.map((r) => r.host),
        );
        expect(hosts).toContain(new URL(value ?? '').hostname);
      } else expect(publicUrl).toBeUndefined();
    }
    // The certificate subgraph writes its /pki URLs into every certificate: the public origin, not a pod's address.
    const caPublicUrl = envOf(container(deployment('certificate'))).CA_PUBLIC_URL?.valueFrom?.configMapKeyRef;
    expect(caPublicUrl).toEqual({ name: 'tessera-public-url', key: 'PUBLIC_URL' });
  });

  it("gives the gateway the supergraph's subgraph URLs, each a Service on the port its subgraph listens on", () => {
    const urls = Object.fromEntries(
      [...supergraph.matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]+)"\)/g)].map(([, name, url]) => [name, url]),
    );
    expect(Object.keys(urls).sort()).toEqual([...subgraphs].sort());
    const gateway = envOf(container(deployment('gateway')));
    const servicesByName = ofKind<KubernetesObject & { spec: { ports: { port: number; targetPort: string }[] } }>(
      'Service',
    );
    for (const [name, url] of Object.entries(urls)) {
      expect(gateway[`${name.toUpperCase()}_URL`]?.value).toBe(url);
      const { hostname, port } = new URL(url as string);
      const service = servicesByName.find((s) => s.metadata.name === hostname);
      expect(service?.spec.ports.map((p) => p.port)).toEqual([Number(port)]);
      const c = container(deployment(hostname));
      expect(envOf(c)[`${name.toUpperCase()}_PORT`]?.value).toBe(port);
      // The service port, and the management port /metrics is served on (METRICS_PORT_OFFSET 1000).
      expect(c.ports?.map((p) => [p.name, p.containerPort])).toEqual([
        ['http', Number(port)],
        ['metrics', Number(port) + 1000],
      ]);
    }
  });

  if (choices.cluster)
    it('runs PostgreSQL as a three-instance CloudNativePG cluster with WAL archived continuously and a nightly base backup', () => {
      const clusters = ofKind<
        KubernetesObject & {
          spec: {
            instances: number;
            bootstrap: { initdb: { database: string; owner: string } };
            backup: { barmanObjectStore: { destinationPath: string; wal?: object }; retentionPolicy: string };
          };
        }
      >('Cluster');
      expect(clusters.map((c) => c.metadata.name)).toEqual(['tessera-db']);
      const cluster = clusters[0];
      expect(cluster?.spec.instances).toBe(3);
      expect(cluster?.spec.bootstrap.initdb).toMatchObject({ database: 'tessera', owner: 'tessera' });
      expect(cluster?.spec.backup.barmanObjectStore.destinationPath).toMatch(/^s3:\/\//);
      expect(cluster?.spec.backup.barmanObjectStore.wal).toBeDefined();
      expect(cluster?.spec.backup.retentionPolicy).toMatch(/^\d+[dwm]$/);
      const backups = ofKind<KubernetesObject & { spec: { cluster: { name: string }; method: string } }>(
        'ScheduledBackup',
      );
      expect(backups.map((b) => b.spec)).toEqual([
        expect.objectContaining({ cluster: { name: 'tessera-db' }, method: 'barmanObjectStore' }),
      ]);
    });
  else
    it('runs no PostgreSQL of its own', () => {
      expect(ofKind('Cluster')).toEqual([]);
      expect(objects.some((o) => o.apiVersion.startsWith('postgresql.cnpg.io/'))).toBe(false);
    });

  it(`keeps the CA keys ${choices.caKeys === 'pkcs11' ? "on a network HSM, through its vendor's PKCS#11 module" : 'in software, sealed with CA_KEY_ENCRYPTION_KEY'}`, () => {
    const certificate = deployment('certificate');
    const c = container(certificate);
    const env = envOf(c);
    expect(env.CA_KEY_BACKEND?.value).toBe(choices.caKeys);
    const others = deployments.filter((d) => d.metadata.name !== 'certificate');
    for (const d of others) expect(d.spec.template.spec.initContainers).toBeUndefined();
    if (choices.caKeys === 'software') {
      expect(env.CA_PKCS11_MODULE).toBeUndefined();
      return;
    }
    // The module sits in a volume the init container fills from the vendor's client image, read-only here.
    const modulePath = env.CA_PKCS11_MODULE?.value ?? '';
    const mount = c.volumeMounts?.find((m) => modulePath.startsWith(`${m.mountPath}/`));
    expect(mount?.readOnly).toBe(true);
    const volume = certificate.spec.template.spec.volumes?.find((v) => v.name === mount?.name) as Volume & {
      emptyDir?: object;
    };
    expect(volume.emptyDir).toBeDefined();
    const init = certificate.spec.template.spec.initContainers ?? [];
    expect(init.map((i) => i.volumeMounts?.map((m) => [m.name, m.mountPath]))).toEqual([
      [[mount?.name, mount?.mountPath]],
    ]);
    expect(env.CA_PKCS11_TOKEN_LABEL?.value).toBeTruthy();
    // The client's configuration from a ConfigMap, its credentials from a Secret, both read-only files.
    const mounted = (c.volumeMounts ?? []).map((m) => ({
      ...m,
      volume: certificate.spec.template.spec.volumes?.find((v) => v.name === m.name) as Volume & {
        configMap?: { name: string };
      },
    }));
    const config = mounted.find((m) => m.volume.configMap);
    expect(config?.readOnly).toBe(true);
    const maps = ofKind<KubernetesObject & { data: Record<string, string> }>('ConfigMap');
    const client = maps.find((m) => m.metadata.name === config?.volume.configMap?.name);
    expect(Object.values(client?.data ?? {}).join()).toContain(modulePath);
    expect(mounted.find((m) => m.volume.secret)?.readOnly).toBe(true);
  });
});

/** `kubectl kustomize` where kubectl is installed with kustomize 4 or later (Debian's old kubernetes-client is not enough). */
function realKustomize(): boolean {
  const version = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  const major = /Kustomize Version: v(\d+)\./.exec(version.stdout ?? '')?.[1];
  return version.status === 0 && Number(major) >= 4;
}

/** Objects with their keys in order, to compare two renders as data. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  return value;
}

const withKubectl = realKustomize();
if (!withKubectl)
  console.warn('kubectl with kustomize 4+ not found: the renderer is not compared with kustomize itself');

describe('the kustomize renderer of this test', () => {
  (withKubectl ? it.each(overlays) : it.skip.each(overlays))(
    'renders overlays/%s exactly as `kubectl kustomize`',
    (overlay) => {
      const directory = path.join(overlaysDir, overlay);
      const run = spawnSync('kubectl', ['kustomize', directory], { encoding: 'utf8' });
      expect(run.status).toBe(0);
      const real = YAML.parseAllDocuments(run.stdout, { version: '1.1' }).map((document) => document.toJS());
      const key = (o: KubernetesObject) => `${o.kind}/${o.metadata.name}`;
      const byKey = (objects: KubernetesObject[]) =>
        Object.fromEntries(
          objects.map((o) => [key(o), canonical(o)]).sort(([a], [b]) => String(a).localeCompare(String(b))),
        );
      expect(byKey(kustomize(directory))).toEqual(byKey(real));
    },
  );

  it('refuses a kustomization field it does not implement, rather than rendering without it', () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'kustomize-'));
    try {
      fs.writeFileSync(path.join(directory, 'kustomization.yaml'), 'resources: []\ncommonLabels: { a: b }\n');
      expect(() => kustomize(directory)).toThrow(/does not implement commonLabels/);
    } finally {
      fs.rmSync(directory, { recursive: true });
    }
  });
});
