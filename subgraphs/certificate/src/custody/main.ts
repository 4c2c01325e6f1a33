import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import {
  type Config,
  createLogger,
  disableTelemetry,
  freePort,
  type Logger,
  loadConfig,
  openDatabase,
  runningEmbeddedPostgresUrl,
  startEmbeddedPostgres,
  withAdvisoryLock,
} from '@tessera/kit';
import {
  keyBackendOf,
  keyBackendSettings,
  kmcKeyEncryptionKey,
  kmcPreviousKeyEncryptionKeys,
  pkiOptions,
} from '../certificate-options';
import { certificate } from '../index';
import { KeySealer } from '../keys/software/key-sealer';
import { resealRows } from '../keys/software/reseal';
import { SealedKey } from '../keys/software/sealed-key.entity';
import { KeyEscrow } from '../kmc/key-escrow.entity';
import { createPki } from '../pki';
import { CaCustody } from './ca-custody';

const usage =
  'usage: npm run ca -- export <file.p12> | import <file.p12>  [--passphrase-file <file>] [--hierarchy <name>]  |  rollover [--hierarchy <name>]  |  reseal-kmc  |  reseal-ca-keys';
/** The shortest passphrase an export accepts: it is all that protects the CA keys in the file. */
const minimumPassphrase = 12;

/** `--passphrase-file` and `--hierarchy` of an export or import, each at most once; anything else is refused. */
function custodyOptions(args: string[]): { passphraseFile?: string; hierarchy?: string } {
  const options: { passphraseFile?: string; hierarchy?: string } = {};
  for (let at = 0; at < args.length; at += 2) {
    const [option, value] = [args[at], args[at + 1]];
    const key = option === '--passphrase-file' ? 'passphraseFile' : option === '--hierarchy' ? 'hierarchy' : undefined;
    if (!key || !value || options[key] !== undefined) throw new Error(usage);
    options[key] = value;
  }
  return options;
}

/**
 * The operator's passphrase: the first line of `--passphrase-file`, else typed at the terminal without echo,
 * else the first line of standard input (a pipe from a secret store).
 */
async function passphrase(file: string | undefined): Promise<string> {
  if (file) return (fs.readFileSync(file, 'utf8').split(/\r?\n/)[0] ?? '').trim();
  const input = process.stdin;
  if (!input.isTTY) {
    let text = '';
    for await (const chunk of input) text += String(chunk);
    return (text.split(/\r?\n/)[0] ?? '').trim();
  }
  process.stderr.write('Passphrase: ');
  input.setRawMode(true);
  let typed = '';
  for await (const chunk of input) {
    const text = String(chunk);
    if (text === '\u0003') process.exit(130);
    const end = text.search(/[\r\n]/);
    typed += end < 0 ? text : text.slice(0, end);
    if (end >= 0) break;
  }
  input.setRawMode(false);
  input.pause();
  process.stderr.write('\n');
  return typed;
}

/** The database: DATABASE_URL, the running platform's embedded PostgreSQL, or that one started for the command. */
async function database(config: Config, log: Logger): Promise<{ url: string; stop(): Promise<void> }> {
  if (config.database.url) return { url: config.database.url, stop: async () => undefined };
  const dataDir = path.join(config.database.dataDir, 'postgres');
  const running = runningEmbeddedPostgresUrl(dataDir, 'tessera');
  if (running) return { url: running, stop: async () => undefined };
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'tessera', log });
  return { url: server.url, stop: () => server.stop() };
}

/** Runs `work` on the certificate schema (migrated) of the configured or embedded database. */
async function withCertificateDatabase<T>(
  config: Config,
  log: Logger,
  work: (orm: MikroORM, url: string) => Promise<T>,
): Promise<T> {
  const db = await database(config, log);
  try {
    const orm = await openDatabase({
      url: db.url,
      schema: certificate.name,
      entities: certificate.entities,
      migrations: certificate.migrations,
      log,
      poolSize: 2,
    });
    try {
      return await work(orm, db.url);
    } finally {
      await orm.close();
    }
  } finally {
    await db.stop();
  }
}

/**
 * The KMC's key with the keys it replaced, for `reseal-kmc`: only a software KMC has one (a token keeps
 * its own key, backed up with the token).
 */
function kmcSealer(config: Config): KeySealer {
  const key = config.certificate.keyBackend === 'software' ? kmcKeyEncryptionKey(config) : undefined;
  if (!key) throw new Error('reseal-kmc needs KMC_KEY_ENCRYPTION_KEY with CA_KEY_BACKEND=software');
  return new KeySealer(key, kmcPreviousKeyEncryptionKeys(config));
}

/** The software CA keys' key-encryption key with the keys it replaced, for `reseal-ca-keys`. */
function caKeySealer(config: Config): KeySealer {
  const settings = keyBackendSettings(config);
  if (settings.kind !== 'software') {
    throw new Error('reseal-ca-keys needs CA_KEY_BACKEND=software: an HSM keeps its keys itself');
  }
  return new KeySealer(settings.keyEncryptionKey, settings.previousKeyEncryptionKeys);
}

/**
 * An issuing-CA rollover of a hierarchy (the default one without `--hierarchy`), on the database the platform
 * runs on: its replicas hear of it and sign with the new issuing CA within a second.
 */
async function rollover(config: Config, log: Logger, args: string[]): Promise<void> {
  const [option, hierarchy, ...rest] = args;
  if (rest.length > 0 || (option !== undefined && (option !== '--hierarchy' || !hierarchy))) throw new Error(usage);
  const active = await withCertificateDatabase(config, log, async (orm) => {
    const backend = keyBackendOf(orm.em, config);
    try {
      const pki = createPki(orm.em, backend, pkiOptions(config));
      const made = await pki.rollover(hierarchy, 'operator');
      await pki.crls.idle();
      return made;
    } finally {
      await backend.close();
    }
  });
  const { entity, certificate } = active;
  process.stdout.write(
    `Rolled the issuing CA of hierarchy ${entity.hierarchy} over: ${entity.name} (${certificate.subject}, generation ${entity.generation}) signs from now on;\n` +
      'the CA before it keeps publishing its CRL and answering OCSP until its last certificate expires\n',
  );
}

/** `npm run ca -- export|import|rollover|reseal-kmc|reseal-ca-keys`: CA key custody, rollover and the KMC key's rotation (docs/operations.md). */
async function main(): Promise<void> {
  disableTelemetry();
  const [command, file, ...optionArgs] = process.argv.slice(2);
  const config = loadConfig();
  const log = createLogger({ service: 'ca', level: config.logLevel === 'info' ? 'warn' : config.logLevel });
  if (command === 'rollover') {
    await rollover(config, log, process.argv.slice(3));
    return;
  }
  if (command === 'reseal-kmc' && !file) {
    const sealer = kmcSealer(config);
    const count = await withCertificateDatabase(config, log, (orm) => resealRows(orm.em, KeyEscrow, 'id', sealer));
    process.stdout.write(`Re-sealed ${count} escrowed keys under KMC_KEY_ENCRYPTION_KEY\n`);
    return;
  }
  if (command === 'reseal-ca-keys' && !file) {
    const sealer = caKeySealer(config);
    const count = await withCertificateDatabase(config, log, (orm) => resealRows(orm.em, SealedKey, 'label', sealer));
    process.stdout.write(`Re-sealed ${count} CA keys under CA_KEY_ENCRYPTION_KEY\n`);
    return;
  }
  if ((command !== 'export' && command !== 'import') || !file) throw new Error(usage);
  const options = custodyOptions(optionArgs);
  const target = path.resolve(file);
  if (command === 'export' && fs.existsSync(target)) throw new Error(`${target} exists: export to a new file`);
  const secret = await passphrase(options.passphraseFile);
  if (command === 'export' && secret.length < minimumPassphrase) {
    throw new Error(`the passphrase needs at least ${minimumPassphrase} characters`);
  }
  await withCertificateDatabase(config, log, async (orm, url) => {
    const backend = keyBackendOf(orm.em, config);
    try {
      const custody = new CaCustody(createPki(orm.em, backend, pkiOptions(config)).hierarchy, backend);
      if (command === 'export') {
        fs.writeFileSync(target, await custody.exportPkcs12(secret, options.hierarchy), { mode: 0o600, flag: 'wx' });
        process.stdout.write(`Exported the CA keys and certificates to ${target} (PKCS#12)\n`);
      } else {
        const pkcs12 = fs.readFileSync(target);
        await withAdvisoryLock(url, 'certificate:ca-hierarchy', () =>
          custody.importPkcs12(pkcs12, secret, options.hierarchy),
        );
        process.stdout.write(`Imported the CA of ${target}; start the platform on this database\n`);
      }
    } finally {
      await backend.close();
    }
  });
}

main().catch((error: unknown) => {
  // A refused import (CA_IMPORT_INVALID) names its problem; anything else its message.
  const problem = (error as { extensions?: { problem?: unknown } }).extensions?.problem;
  process.stderr.write(`${problem ?? (error instanceof Error ? error.message : String(error))}\n`);
  process.exit(1);
});
