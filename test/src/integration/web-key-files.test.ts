import { execFileSync } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type KeyFileProblem, openKeyFile } from '../../../clients/web/src/certificate-sign-in/key-file';

/**
 * Issue 15 item 2(a): the web client's key-file reader (pkijs + WebCrypto, as the browser runs it)
 * against files OpenSSL 3 makes: PKCS#12 with its defaults and with `-legacy`, PEM plain and
 * encrypted (PBES2), RSA, P-256 and SM2 keys. The signature it makes verifies with node:crypto
 * against the certificate it picked; what it cannot open is refused with its reason.
 */

let dir: string;
const file = (name: string) => new Uint8Array(readFileSync(path.join(dir, name)));
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'tessera-key-files-'));
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'rsa.key', '-out', 'rsa.crt', '-subj', '/CN=rsa');
  openssl(
    ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'],
    ...['-keyout', 'ec.key', '-out', 'ec.crt', '-subj', '/CN=ec'],
  );
  openssl('pkcs12', '-export', '-inkey', 'rsa.key', '-in', 'rsa.crt', '-passout', 'pass:p12-pass', '-out', 'rsa.p12');
  openssl('pkcs12', '-export', '-inkey', 'ec.key', '-in', 'ec.crt', '-passout', 'pass:p12-pass', '-out', 'ec.p12');
  openssl('pkcs8', '-topk8', '-in', 'ec.key', '-passout', 'pass:pem-pass', '-out', 'ec-encrypted.key');
  openssl('genpkey', '-algorithm', 'SM2', '-out', 'sm2.key');
  try {
    openssl(
      ...['pkcs12', '-export', '-legacy', '-inkey', 'rsa.key', '-in', 'rsa.crt'],
      ...['-passout', 'pass:p12-pass', '-out', 'legacy.p12'],
    );
  } catch {
    // OpenSSL without its legacy provider cannot write one: the case below is skipped.
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function signsFor(files: Uint8Array[], password: string, certificateFile: string, ec = false): Promise<void> {
  const opened = await openKeyFile(files, password);
  expect(Buffer.from(opened.certificate)).toEqual(
    Buffer.from(execFileSync('openssl', ['x509', '-in', path.join(dir, certificateFile), '-outform', 'DER'])),
  );
  const data = Buffer.from('Tessera certificate sign-in (证书登录) v1\nchallenge');
  const signature = await opened.sign(data);
  const key = createPublicKey(readFileSync(path.join(dir, certificateFile)));
  expect(verify('sha256', data, ec ? { key, dsaEncoding: 'ieee-p1363' } : key, signature)).toBe(true);
}

async function problemOf(files: Uint8Array[], password: string): Promise<KeyFileProblem | 'opened'> {
  return openKeyFile(files, password).then(
    () => 'opened' as const,
    (error: { problem?: KeyFileProblem }) => error.problem ?? (String(error) as KeyFileProblem),
  );
}

it('issue 15: opens PKCS#12 files of OpenSSL 3 defaults (PBES2 AES-256-CBC, HMAC-SHA-256) with RSA and P-256 keys, and signs with them', async () => {
  await signsFor([file('rsa.p12')], 'p12-pass', 'rsa.crt');
  await signsFor([file('ec.p12')], 'p12-pass', 'ec.crt', true);
});

it('issue 15: opens PEM, the key plain or encrypted (PBES2), in one file or two', async () => {
  await signsFor([file('rsa.key'), file('rsa.crt')], '', 'rsa.crt');
  await signsFor([file('ec-encrypted.key'), file('ec.crt')], 'pem-pass', 'ec.crt', true);
});

it('issue 15, CT-6: refuses what it cannot use, each with its reason', async () => {
  expect(await problemOf([file('rsa.p12')], 'wrong')).toBe('passwordWrong');
  expect(await problemOf([file('rsa.p12')], '')).toBe('passwordRequired');
  expect(await problemOf([file('ec-encrypted.key'), file('ec.crt')], 'wrong')).toBe('passwordWrong');
  expect(await problemOf([file('sm2.key'), file('rsa.crt')], '')).toBe('sm2');
  expect(await problemOf([file('ec.key'), file('rsa.crt')], '')).toBe('keyMismatch');
  expect(await problemOf([file('ec.key')], '')).toBe('noCertificate');
  expect(await problemOf([file('ec.crt')], '')).toBe('noKey');
  expect(await problemOf([new Uint8Array([1, 2, 3])], 'x')).toBe('unreadable');
  if (existsSync(path.join(dir, 'legacy.p12'))) {
    expect(await problemOf([file('legacy.p12')], 'p12-pass')).toBe('legacyEncryption');
  }
});
