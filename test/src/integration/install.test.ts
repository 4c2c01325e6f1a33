import fs from 'node:fs';
import path from 'node:path';

/**
 * What `npm install` gives a fresh machine: Node 24 (22.12 or later), this platform's native builds only
 * (every platform package in the lockfile carries its os/cpu, so npm skips the others), and no C++
 * toolchain needed for the embedded default (the PKCS#11 binding is optional).
 */
const root = path.resolve(__dirname, '../../..');
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));

describe('install', () => {
  const lock = readJson('package-lock.json') as {
    packages: Record<
      string,
      { version?: string; integrity?: string; link?: boolean; optional?: boolean; os?: string[]; cpu?: string[] }
    >;
  };
  const installed = Object.entries(lock.packages).filter(
    ([key, entry]) => key.includes('node_modules/') && !entry.link,
  );

  it('records every package with its integrity, as npm resolved it (no hand-completed entries)', () => {
    expect(installed.filter(([, entry]) => !entry.integrity).map(([key]) => key)).toEqual([]);
  });

  it('marks every per-platform binary package with its os or cpu, so only this platform is installed', () => {
    const platform = /[-/](darwin|win32|windows|android|freebsd|openharmony|linux)(-|$)/;
    const unmarked = installed
      .filter(([key, entry]) => entry.optional && platform.test(key.slice(key.lastIndexOf('node_modules/') + 13)))
      .filter(([, entry]) => !entry.os && !entry.cpu)
      .map(([key]) => key);
    expect(unmarked).toEqual([]);
  });

  it('needs Node 22.12 or later and runs no lockfile rewriting after install', () => {
    const manifest = readJson('package.json');
    expect(manifest.engines.node).toBe('>=22.12.0');
    expect(manifest.scripts.postinstall).toBeUndefined();
  });

  it('installs the PKCS#11 binding only as an optional dependency', () => {
    const certificate = readJson('subgraphs/certificate/package.json');
    expect(certificate.dependencies.pkcs11js).toBeUndefined();
    expect(certificate.optionalDependencies.pkcs11js).toBeDefined();
  });
});
