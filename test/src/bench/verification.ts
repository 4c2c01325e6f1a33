import { execFileSync } from 'node:child_process';
import { webcrypto } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PemConverter, Pkcs10CertificateRequestGenerator, X509Certificate } from '@peculiar/x509';
import { readSignatureInput, verifySignature } from '@tessera/certificate';
import type { Benchmark } from './benchmark';
import { openBenchPki } from './certificate-pki';
import { compareRates } from './rate';

/** `openssl cms -sign -nodetach -binary` of `content` by the certificate and key (PEM): the SignedData DER. */
function cmsSignature(certificatePem: string, keyPem: string, content: Buffer): Buffer | undefined {
  const dir = mkdtempSync(path.join(tmpdir(), 'tessera-bench-'));
  try {
    const file = (name: string) => path.join(dir, name);
    writeFileSync(file('cert.pem'), certificatePem);
    writeFileSync(file('key.pem'), keyPem);
    writeFileSync(file('data'), content);
    execFileSync(
      'openssl',
      [
        ...['cms', '-sign', '-nodetach', '-binary', '-signer', file('cert.pem'), '-inkey', file('key.pem')],
        ...['-in', file('data'), '-outform', 'DER', '-out', file('signed.der')],
      ],
      { stdio: 'ignore' },
    );
    return readFileSync(file('signed.der'));
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Distinct documents signed, so that nothing but the signer's certificate repeats from one verification to the next. */
const documents = 16;

/**
 * Issue 15 item 3: verifications per second through the signature verification service (CMS SignedData by a
 * P-256 certificate of the CA, made by `openssl cms -sign` over distinct documents: parsing, chain, key usage,
 * status at signing time from the revocation history, and the stored record) against raw verifications per
 * second of the same signatures over the same signed attributes with `keys/signature-verification.ts`, at the
 * same concurrency, in alternating rounds (medians). The issue's aim: >= 0.5 of the raw rate.
 */
export const verification: Benchmark = {
  name: 'verification',
  async run(ctx) {
    const { platform } = await ctx.stack();
    const settings = {
      concurrency: ctx.load.connections,
      warmupSeconds: ctx.load.warmupSeconds,
      durationSeconds: ctx.load.durationSeconds,
      rounds: 3,
    };
    const bench = await openBenchPki(platform.certificate.orm, 'software', 'P-256');
    try {
      const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
      const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
      const csr = await Pkcs10CertificateRequestGenerator.create({
        name: 'CN=ignored',
        keys,
        signingAlgorithm: algorithm,
      });
      const row = await bench.pki.issuer.issue({
        kind: 'personal',
        usage: 'signing',
        subject: 'CN=Bench Signer,C=CN',
        csr: Buffer.from(csr.rawData),
      });
      const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
      const certificatePem = new X509Certificate(row.der as Buffer).toString('pem');
      const keyPem = PemConverter.encode(pkcs8, 'PRIVATE KEY');
      const signatures: Buffer[] = [];
      for (let i = 0; i < documents; i++) {
        const signed = cmsSignature(certificatePem, keyPem, Buffer.from(`payroll ${i} `.repeat(200)));
        if (!signed) {
          process.stderr.write('verification: skipping (openssl is not available here)\n');
          return [];
        }
        signatures.push(signed);
      }
      const spki = Buffer.from(new X509Certificate(row.der as Buffer).publicKey.rawData);
      const samples = signatures.map((signed) => {
        const input = { signedData: signed.toString('base64') };
        const evidence = readSignatureInput(input);
        return { input, signed: evidence.signedAttributes?.der ?? evidence.content, signature: evidence.signature };
      });
      const requester = { kind: 'system', subject: 'bench' };
      let next = 0;
      const sample = () => samples[next++ % samples.length] as (typeof samples)[number];
      const check = async () => {
        const outcome = await bench.pki.signatures.verify(sample().input, 'contentCommitment', requester);
        if (!outcome.valid) throw new Error(`the benchmark's signature does not verify: ${outcome.code}`);
      };
      const raw = async () => {
        const { signed, signature } = sample();
        if (!(await verifySignature('sha256', spki, signed, signature))) throw new Error('raw verification failed');
      };
      await check();
      const { subject: verified, baseline: rawRate } = await compareRates(check, raw, settings);
      return [
        {
          benchmark: 'verification',
          subject: 'verifySignature (CMS, P-256)',
          baseline: 'raw signature verification',
          settings: {
            algorithm: 'P-256',
            documents,
            concurrency: settings.concurrency,
            seconds: settings.durationSeconds,
            rounds: `${settings.rounds}, alternated (medians)`,
          },
          metrics: [
            {
              name: 'operations/s',
              subject: verified.perSecond,
              baseline: rawRate.perSecond,
              aim: { min: 0.5, source: 'issue 15' },
            },
            { name: 'p50 ms', subject: verified.p50Ms, baseline: rawRate.p50Ms },
            { name: 'p99 ms', subject: verified.p99Ms, baseline: rawRate.p99Ms },
          ],
        },
      ];
    } finally {
      await bench.close();
    }
  },
};
