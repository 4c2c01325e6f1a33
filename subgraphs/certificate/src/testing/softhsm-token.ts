import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SHARE_ENV, Worker } from 'node:worker_threads';

const softHsmModule = '/usr/lib/softhsm/libsofthsm2.so';

export interface SoftHsmToken {
  modulePath: string;
  tokenLabel: string;
  pin: string;
}

/** Whether SoftHSM2 is installed; tests that need it say so and skip when it is not. */
export function softHsmAvailable(): boolean {
  const available = existsSync(softHsmModule) && commandExists('softhsm2-util');
  if (!available) {
    console.warn('SoftHSM2 is not installed (apt-get install softhsm2): skipping the PKCS#11 tests');
  }
  return available;
}

let shared: Promise<SoftHsmToken> | undefined;

/**
 * The test process's token, in a temporary token folder removed at exit. One per process: SoftHSM
 * reads its token folder when the library is initialised, which happens once per process, so
 * tokens made later are invisible to it. Key labels are unique, so test files share it safely.
 */
export function softHsmToken(): Promise<SoftHsmToken> {
  shared ??= createToken(`tessera-test-${process.pid}`);
  return shared;
}

/** Made once per process; a later test file of the same jest worker finds it already there. */
async function createToken(label: string): Promise<SoftHsmToken> {
  const conf = process.env.SOFTHSM2_CONF ?? (await configureSoftHsm());
  const env = { ...process.env, SOFTHSM2_CONF: conf };
  const pin = '123456';
  const slots = execFileSync('softhsm2-util', ['--show-slots'], { env, encoding: 'utf8' });
  if (!new RegExp(`Label:\\s+${label}\\s`).test(slots)) {
    execFileSync('softhsm2-util', ['--init-token', '--free', '--label', label, '--so-pin', '654321', '--pin', pin], {
      env,
      stdio: 'ignore',
    });
  }
  return { modulePath: softHsmModule, tokenLabel: label, pin };
}

async function configureSoftHsm(): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tessera-softhsm-'));
  const tokens = path.join(dir, 'tokens');
  mkdirSync(tokens);
  const conf = path.join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  await setNativeEnvironment('SOFTHSM2_CONF', conf);
  process.env.SOFTHSM2_CONF = conf;
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return conf;
}

/**
 * jest gives each test file a copy of `process.env`; SoftHSM reads the real environment with
 * getenv(). A worker thread sharing the environment (SHARE_ENV) writes to the real one.
 */
function setNativeEnvironment(name: string, value: string): Promise<void> {
  const worker = new Worker(
    'process.env[require("worker_threads").workerData.name] = require("worker_threads").workerData.value',
    {
      eval: true,
      env: SHARE_ENV,
      workerData: { name, value },
    },
  );
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', () => resolve());
  });
}

export function commandExists(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
