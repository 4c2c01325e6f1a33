import { verify, webcrypto } from 'node:crypto';
import { Pkcs10CertificateRequestGenerator } from '@peculiar/x509';
import type { CertificateServices } from '@tessera/certificate';
import { User } from '@tessera/identity';
import type { Benchmark } from './benchmark';
import { compareRates } from './rate';

/**
 * Issue 15: certificate sign-ins per second through identity's domain service (a challenge issued and
 * spent in PostgreSQL, the client's P-256 signature, the certificate subgraph's check over a service call:
 * chain, record and status, key usage, signature; the session with its history entry) against raw P-256
 * signature verifications of the same challenge in the same run, at the same concurrency, in alternating
 * rounds. The ratio is the price of everything that is not the signature check.
 */
export const certificateSignIn: Benchmark = {
  name: 'certificate-sign-in',
  async run(ctx) {
    const { platform } = await ctx.stack();
    const services = platform.identity.services;
    const em = platform.identity.orm.em.fork();
    const holder = em.create(User, {
      username: `bench-certificate-${Date.now()}`,
      kind: 'citizen',
      displayName: 'bench',
    });
    await em.flush();
    const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    const keys = (await webcrypto.subtle.generateKey(algorithm, false, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const request = await Pkcs10CertificateRequestGenerator.create({
      name: 'CN=Ignored',
      keys,
      signingAlgorithm: algorithm,
    });
    const csr = Buffer.from(request.rawData);
    const { pki } = platform.certificate.services as CertificateServices;
    const issued = await pki.issuer.issue({
      kind: 'personal',
      usage: 'signing',
      subject: 'CN=Bench,C=CN',
      csr,
      holderUserId: holder.id,
    });
    const certificate = (issued.der as Buffer).toString('base64');
    const publicKey = await webcrypto.subtle.exportKey('spki', keys.publicKey);
    const sign = async (data: Buffer) =>
      Buffer.from(await webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keys.privateKey, data));
    const sample = await services.certificateChallenges.issue();
    const sampleBytes = Buffer.from(sample.challenge, 'base64');
    const sampleSignature = await sign(sampleBytes);
    const settings = {
      concurrency: ctx.load.connections,
      warmupSeconds: ctx.load.warmupSeconds,
      durationSeconds: ctx.load.durationSeconds,
      rounds: 3,
    };
    const signInOnce = async () => {
      const challenge = await services.certificateChallenges.issue();
      const signature = await sign(Buffer.from(challenge.challenge, 'base64'));
      await services.certificateSignIn.signIn({
        challengeId: challenge.id,
        certificate,
        signature: signature.toString('base64'),
      });
    };
    const key = {
      key: Buffer.from(publicKey),
      format: 'der' as const,
      type: 'spki' as const,
      dsaEncoding: 'ieee-p1363' as const,
    };
    const rawVerify = () =>
      new Promise<boolean>((resolve, reject) =>
        verify('sha256', sampleBytes, key, sampleSignature, (error, ok) => (error ? reject(error) : resolve(ok))),
      );
    const { subject: full, baseline: raw } = await compareRates(signInOnce, rawVerify, settings);
    return [
      {
        benchmark: 'certificate-sign-in',
        subject: 'certificate sign-in',
        baseline: 'raw P-256 verify',
        settings: {
          concurrency: settings.concurrency,
          seconds: settings.durationSeconds,
          rounds: `${settings.rounds}, alternated (medians)`,
          key: 'P-256, ECDSA with SHA-256 (raw r‖s, as WebCrypto signs)',
        },
        metrics: [
          { name: 'operations/s', subject: full.perSecond, baseline: raw.perSecond },
          { name: 'p50 ms', subject: full.p50Ms, baseline: raw.p50Ms },
          { name: 'p99 ms', subject: full.p99Ms, baseline: raw.p99Ms },
        ],
      },
    ];
  },
};
