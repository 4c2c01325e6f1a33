import { execFile } from 'node:child_process';
import { webcrypto } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PemConverter, Pkcs10CertificateRequestGenerator, SubjectAlternativeNameExtension } from '@peculiar/x509';

/** A subscriber's key pair and its PKCS#10 request, as a client (or an EKey) would make them. */
export async function subscriberRequest(
  subject = 'CN=Requested Subject,O=Ignored',
  algorithm: 'P-256' | 'RSA-2048' = 'P-256',
  /** Subject alternative names the request asks for (extensionRequest). */
  alternativeNames: { type: 'dns' | 'email' | 'ip'; value: string }[] = [],
): Promise<{ csr: Buffer; keys: webcrypto.CryptoKeyPair }> {
  const params =
    algorithm === 'P-256'
      ? { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' }
      : { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(params, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const extensions = alternativeNames.length ? [new SubjectAlternativeNameExtension(alternativeNames)] : [];
  const request = await Pkcs10CertificateRequestGenerator.create({
    name: subject,
    keys,
    signingAlgorithm: params,
    extensions,
  });
  return { csr: Buffer.from(request.rawData), keys };
}

export function pem(der: Buffer, label: 'CERTIFICATE' | 'X509 CRL'): string {
  return `${PemConverter.encode(new Uint8Array(der).buffer, label)}\n`;
}

/** A temporary folder with the given files, removed by `remove()`. */
export function fileSet(files: Record<string, string | Buffer>): { path(name: string): string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'tessera-pki-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return { path: (name) => path.join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Runs a tool and resolves with its exit status and stdout + stderr, never rejecting. Asynchronous,
 * so that a tool calling back into this process (openssl ocsp) finds the event loop free.
 */
export function run(command: string, args: string[]): Promise<{ status: number; output: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { encoding: 'utf8', timeout: 30_000 }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ status, output: `${stdout}${stderr}` });
    });
  });
}

/** A certificate chain to check: the leaf, the issuing CA and the root. */
export interface Chain {
  leaf: Buffer;
  issuing: Buffer;
  root: Buffer;
}

/** Runs `tool` on a chain written as `leaf.pem`, `issuing.pem` and `root.pem`; `args` names them by `files.path`. */
async function runOnChain(
  chain: Chain,
  tool: string,
  args: (files: ReturnType<typeof fileSet>) => string[],
): Promise<{ status: number; output: string }> {
  const files = fileSet({
    'leaf.pem': pem(chain.leaf, 'CERTIFICATE'),
    'issuing.pem': pem(chain.issuing, 'CERTIFICATE'),
    'root.pem': pem(chain.root, 'CERTIFICATE'),
  });
  try {
    return await run(tool, args(files));
  } finally {
    files.remove();
  }
}

/**
 * NSS's verdict on a chain (`vfychain`, libnss3-tools) for a usage: 1 SSL server, 4 email signer...
 * The root is the one explicitly trusted anchor (PKIX verification, `-pp`); no NSS database is involved.
 */
export function nssVerify(chain: Chain, usage: number): Promise<{ status: number; output: string }> {
  return runOnChain(chain, 'vfychain', (files) => [
    '-pp',
    '-v',
    '-u',
    String(usage),
    '-a',
    files.path('leaf.pem'),
    '-a',
    files.path('issuing.pem'),
    '-t',
    '-a',
    files.path('root.pem'),
  ]);
}

/** `openssl verify` of a chain for a purpose (`sslserver`, `smimesign`), and for a TLS server the host name it must carry. */
export function opensslVerify(
  chain: Chain,
  purpose: 'sslserver' | 'smimesign',
  hostname?: string,
): Promise<{ status: number; output: string }> {
  return runOnChain(chain, 'openssl', (files) => [
    'verify',
    '-CAfile',
    files.path('root.pem'),
    '-untrusted',
    files.path('issuing.pem'),
    '-purpose',
    purpose,
    ...(hostname ? ['-verify_hostname', hostname] : []),
    files.path('leaf.pem'),
  ]);
}

/** The GM/T 0009 default distinguishing identifier, as OpenSSL takes it (`distid:`). */
const sm2Distid = 'distid:1234567812345678';

/**
 * An SM2 key and its PKCS#10 request signed SM3withSM2 with the GM/T 0009 identifier, made by OpenSSL (not our
 * code), as an SM2 EKey's middleware would make them (issue 14). Needs `openssl` 3.
 */
export async function sm2SubscriberRequest(
  subject = '/CN=SM2 Subscriber/C=CN',
): Promise<{ csr: Buffer; keyPem: string }> {
  const files = fileSet({});
  try {
    await openssl('genpkey', '-algorithm', 'SM2', '-out', files.path('key.pem'));
    await openssl(
      'req',
      ...['-new', '-key', files.path('key.pem'), '-sm3', '-sigopt', sm2Distid, '-subj', subject],
      ...['-outform', 'DER', '-out', files.path('request.der')],
    );
    return { csr: readFileSync(files.path('request.der')), keyPem: readFileSync(files.path('key.pem'), 'utf8') };
  } finally {
    files.remove();
  }
}

/** A nonce-less OCSP request (DER) about `leaf` under `issuer` (certificates, DER or PEM), made by `openssl ocsp -reqout`. */
export async function opensslOcspRequest(issuer: Buffer | string, leaf: Buffer | string): Promise<Buffer> {
  const asPem = (certificate: Buffer | string) =>
    typeof certificate === 'string' ? certificate : pem(certificate, 'CERTIFICATE');
  const files = fileSet({ 'issuer.pem': asPem(issuer), 'leaf.pem': asPem(leaf) });
  try {
    await openssl(
      ...['ocsp', '-issuer', files.path('issuer.pem'), '-cert', files.path('leaf.pem')],
      ...['-no_nonce', '-reqout', files.path('request.der')],
    );
    return readFileSync(files.path('request.der'));
  } finally {
    files.remove();
  }
}

/** OpenSSL with `args`, throwing with its output when it fails; its output otherwise. */
export async function openssl(...args: string[]): Promise<string> {
  const { status, output } = await run('openssl', args);
  if (status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${output}`);
  return output;
}

/**
 * `openssl pkeyutl -verify -rawin -digest sm3` of an SM3withSM2 signature over `data` by the key `spki` (DER), with the
 * GM/T 0009 distinguishing identifier (or, `distid: false`, without): OpenSSL's check of any SM2 signature.
 */
export async function opensslVerifiesSm2(
  spki: Buffer,
  data: Buffer,
  signature: Buffer,
  { distid = true }: { distid?: boolean } = {},
): Promise<boolean> {
  const { status } = await runOnFiles({ 'key.der': spki, data, 'signature.der': signature }, (files) => [
    ...['pkeyutl', '-verify', '-rawin', '-digest', 'sm3', '-pubin', '-keyform', 'DER', '-inkey', files.path('key.der')],
    ...(distid ? ['-pkeyopt', sm2Distid] : []),
    ...['-in', files.path('data'), '-sigfile', files.path('signature.der')],
  ]);
  return status === 0;
}

/**
 * OpenSSL's verdict on one link of an SM2 chain: `certificate` signed by `issuer` (SM3withSM2 with the GM/T 0009
 * identifier). OpenSSL 3.0 passes `distid` to the target certificate only, so a chain is verified link by link.
 */
export function opensslVerifySm2Link(issuer: Buffer, certificate: Buffer): Promise<{ status: number; output: string }> {
  return runOnFiles(
    { 'issuer.pem': pem(issuer, 'CERTIFICATE'), 'certificate.pem': pem(certificate, 'CERTIFICATE') },
    (files) => [
      'verify',
      ...['-vfyopt', sm2Distid, '-partial_chain', '-CAfile', files.path('issuer.pem')],
      files.path('certificate.pem'),
    ],
  );
}

async function runOnFiles(
  contents: Record<string, string | Buffer>,
  args: (files: ReturnType<typeof fileSet>) => string[],
): Promise<{ status: number; output: string }> {
  const files = fileSet(contents);
  try {
    return await run('openssl', args(files));
  } finally {
    files.remove();
  }
}
