import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const softHsmModule = '/usr/lib/softhsm/libsofthsm2.so';

/** A certificate on the test EKey with the key id that selects it. */
export interface TestCertificate {
  id: string;
  der: Buffer;
}

/** A SoftHSM token standing in for an EKey, in its own token folder, with its environment for child processes. */
export interface TestEKey {
  env: Record<string, string>;
  tokenLabel: string;
  pin: string;
  /** RSA-2048 and P-256 keys with their certificates; `orphan` is a certificate whose key is not on the token. */
  certificates: { rsa: TestCertificate; ec: TestCertificate; orphan: TestCertificate };
  /** A folder for the test's own files, removed by `remove`. */
  dir: string;
  remove(): void;
}

/** Whether SoftHSM2, OpenSC's pkcs11-tool and OpenSSL are installed; tests that need them say so and skip. */
export function softHsmToolsAvailable(): boolean {
  const missing = ['softhsm2-util', 'pkcs11-tool', 'openssl'].filter((command) => !commandExists(command));
  if (!existsSync(softHsmModule)) missing.unshift(softHsmModule);
  if (missing.length > 0) {
    console.warn(
      `skipping the EKey agent's token tests: ${missing.join(', ')} missing (apt-get install softhsm2 opensc openssl)`,
    );
  }
  return missing.length === 0;
}

/**
 * A fresh token with an RSA-2048 and a P-256 key and their certificates, made the way an RA counter
 * writes an EKey: keys and certificates from OpenSSL, written with pkcs11-tool under shared key ids.
 */
export function createTestEKey(pin: string): TestEKey {
  const dir = mkdtempSync(path.join(tmpdir(), 'tessera-ekey-'));
  const tokens = path.join(dir, 'tokens');
  mkdirSync(tokens);
  const conf = path.join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  const env = { SOFTHSM2_CONF: conf };
  const run = (command: string, args: string[]) =>
    execFileSync(command, args, { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const tokenLabel = 'tessera-ekey';
  run('softhsm2-util', ['--init-token', '--free', '--label', tokenLabel, '--so-pin', 'so-pin-2718', '--pin', pin]);

  const certificate = (name: string, keyOptions: string[], subject: string): Buffer => {
    run('openssl', ['genpkey', ...keyOptions, '-out', `${name}.key`]);
    run('openssl', ['pkcs8', '-topk8', '-nocrypt', '-in', `${name}.key`, '-outform', 'DER', '-out', `${name}.p8`]);
    run('openssl', [
      ...['req', '-new', '-x509', '-utf8', '-key', `${name}.key`, '-subj', subject, '-days', '30', '-sha256'],
      ...['-addext', 'keyUsage=critical,digitalSignature,nonRepudiation', '-outform', 'DER', '-out', `${name}.der`],
    ]);
    return readFileSync(path.join(dir, `${name}.der`));
  };
  const write = (file: string, type: 'privkey' | 'cert', id: string, label: string) =>
    run('pkcs11-tool', [
      ...['--module', softHsmModule, '--token-label', tokenLabel, '--login', '--pin', pin],
      ...['--write-object', file, '--type', type, '--id', id, '--label', label],
    ]);

  const keys = {
    rsa: { id: '01', options: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'], cn: '参保单位测试 RSA' },
    ec: { id: '02', options: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'], cn: '参保单位测试 P-256' },
    orphan: { id: '03', options: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'], cn: 'no key on token' },
  };
  const made = Object.fromEntries(
    Object.entries(keys).map(([name, key]) => {
      const der = certificate(name, key.options, `/C=CN/O=Tessera test/CN=${key.cn}`);
      if (name !== 'orphan') write(`${name}.p8`, 'privkey', key.id, name);
      write(`${name}.der`, 'cert', key.id, name);
      return [name, { id: key.id, der }];
    }),
  ) as TestEKey['certificates'];
  return {
    env,
    tokenLabel,
    pin,
    certificates: made,
    dir,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function commandExists(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
