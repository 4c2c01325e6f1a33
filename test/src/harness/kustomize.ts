import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

/**
 * Renders a kustomization of deploy/kubernetes the way `kubectl kustomize` does, for the subset of
 * kustomize those files use: `resources` (files and directories), `namespace`, `images` and
 * JSON 6902 `patches` with a target (add, replace, remove, and test, which guards the others). Any other field fails the render, so the manifests cannot
 * start relying on something this renderer would silently skip. (No kustomize binary runs here.)
 */

export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

interface PatchTarget {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
}

interface Kustomization {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  resources?: string[];
  images?: { name: string; newName?: string; newTag?: string; digest?: string }[];
  patches?: { target: PatchTarget; patch: string }[];
}

interface PatchOperation {
  op: 'add' | 'replace' | 'remove' | 'test';
  path: string;
  value?: unknown;
}

const known = new Set(['apiVersion', 'kind', 'namespace', 'resources', 'images', 'patches']);
const clusterScoped = new Set(['Namespace']);

/** Kubernetes reads YAML 1.1 (sigs.k8s.io/yaml): `0440` is octal there, as in the manifests. */
function parseDocuments(file: string): KubernetesObject[] {
  const documents = YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'), { version: '1.1' });
  return documents.flatMap((document) => {
    if (document.errors.length) throw new Error(`${file}: ${document.errors.map((e) => e.message).join('; ')}`);
    const object = document.toJS() as KubernetesObject | null;
    return object ? [object] : [];
  });
}

function groupAndVersion(apiVersion: string): { group: string; version: string } {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  return { group: group ?? '', version: version ?? '' };
}

/** A target's name is a regular expression matching the whole name, as in kustomize. */
function targets(object: KubernetesObject, target: PatchTarget): boolean {
  const { group, version } = groupAndVersion(object.apiVersion);
  return (
    (target.group === undefined || target.group === group) &&
    (target.version === undefined || target.version === version) &&
    (target.kind === undefined || target.kind === object.kind) &&
    (target.name === undefined || new RegExp(`^(?:${target.name})$`).test(object.metadata.name))
  );
}

function pointer(path: string): string[] {
  if (!path.startsWith('/')) throw new Error(`JSON pointer ${path} must start with /`);
  return path
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function applyOperation(document: unknown, { op, path, value }: PatchOperation): void {
  if (!['add', 'replace', 'remove', 'test'].includes(op)) throw new Error(`patch operation ${op} unsupported`);
  const tokens = pointer(path);
  const last = tokens.pop() as string;
  let parent = document as Record<string, unknown> | unknown[];
  for (const token of tokens) {
    const next = (parent as Record<string, unknown>)[token];
    if (next === null || typeof next !== 'object') throw new Error(`patch path ${path} does not exist`);
    parent = next as Record<string, unknown> | unknown[];
  }
  if (op === 'test') {
    const actual = (parent as Record<string, unknown>)[last];
    if (JSON.stringify(actual) !== JSON.stringify(value))
      throw new Error(`patch test failed at ${path}: ${JSON.stringify(actual)} is not ${JSON.stringify(value)}`);
    return;
  }
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(index) || index < 0 || index > parent.length) throw new Error(`bad index in ${path}`);
    if (op !== 'add' && index >= parent.length) throw new Error(`patch path ${path} does not exist`);
    if (op === 'add') parent.splice(index, 0, value);
    else if (op === 'replace') parent[index] = value;
    else parent.splice(index, 1);
    return;
  }
  if (op !== 'add' && !(last in parent)) throw new Error(`patch path ${path} does not exist`);
  if (op === 'remove') delete parent[last];
  else parent[last] = value;
}

function podSpecs(
  object: KubernetesObject,
): { containers?: { image?: string }[]; initContainers?: { image?: string }[] }[] {
  const spec = object.spec as {
    template?: { spec?: object };
    jobTemplate?: { spec?: { template?: { spec?: object } } };
  };
  const found = spec?.template?.spec ?? spec?.jobTemplate?.spec?.template?.spec;
  return found ? [found] : [];
}

function setImages(objects: KubernetesObject[], images: NonNullable<Kustomization['images']>): void {
  for (const object of objects)
    for (const spec of podSpecs(object))
      for (const container of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
        const name = container.image?.replace(/[:@].*$/, '');
        const image = images.find((i) => i.name === name);
        if (!image) continue;
        const tag = image.digest ? `@${image.digest}` : image.newTag ? `:${image.newTag}` : '';
        container.image = `${image.newName ?? image.name}${tag}`;
      }
}

/** The objects `kubectl kustomize <directory>` prints. */
export function kustomize(directory: string): KubernetesObject[] {
  const file = path.join(directory, 'kustomization.yaml');
  const kustomization = YAML.parse(fs.readFileSync(file, 'utf8'), { version: '1.1' }) as Kustomization;
  const unknown = Object.keys(kustomization).filter((key) => !known.has(key));
  if (unknown.length) throw new Error(`${file}: this renderer does not implement ${unknown.join(', ')}`);
  const objects = (kustomization.resources ?? []).flatMap((resource) => {
    const location = path.resolve(directory, resource);
    return fs.statSync(location).isDirectory() ? kustomize(location) : parseDocuments(location);
  });
  for (const { target, patch, ...rest } of kustomization.patches ?? []) {
    if (Object.keys(rest).length) throw new Error(`${file}: patch fields ${Object.keys(rest).join(', ')} unsupported`);
    const operations = YAML.parse(patch, { version: '1.1' }) as PatchOperation[];
    const matched = objects.filter((object) => targets(object, target));
    if (!matched.length) throw new Error(`${file}: a patch targets nothing (${JSON.stringify(target)})`);
    for (const object of matched) for (const operation of operations) applyOperation(object, operation);
  }
  if (kustomization.images) setImages(objects, kustomization.images);
  if (kustomization.namespace)
    for (const object of objects)
      if (!clusterScoped.has(object.kind)) object.metadata.namespace = kustomization.namespace;
  return objects;
}
