#!/usr/bin/env node
/**
 * The npm registry reachable here serves only the Linux builds of packages that ship one binary
 * package per platform (@swc/core-darwin-arm64 and the like answer 404), so `npm install` leaves
 * them out of package-lock.json, and `npm ci` then calls the lockfile out of sync. This records
 * each missing optional platform package by name and version, as a registry with every platform
 * would have; npm skips them on platforms they are not for. Runs after every `npm install`.
 */
const fs = require('node:fs');
const path = require('node:path');

const file = path.join(__dirname, '..', 'package-lock.json');
if (!fs.existsSync(file)) process.exit(0);
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const packages = lock.packages ?? {};
const exact = /^\d+\.\d+\.\d+(-[\w.]+)?$/;
let added = 0;
for (const entry of Object.values(packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (packages[key] || !exact.test(spec)) continue;
    packages[key] = { version: spec, ...(entry.dev ? { dev: true } : {}), optional: true };
    added += 1;
  }
}
if (added > 0) {
  lock.packages = Object.fromEntries(
    Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
  );
  fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  process.stdout.write(`complete-lockfile: recorded ${added} optional platform packages the registry does not serve\n`);
}
