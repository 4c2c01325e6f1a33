import { webcrypto } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { type PkiServer, startPkiServer } from '../testing/pki-server';
import { openTestDatabase } from '../testing/test-database';
import { subscriberRequest } from '../testing/test-pki';
import { SignInCertificateCheck } from './sign-in-certificate-check';

const day = 86_400_000;

describe('the certificate sign-in check (issue 15; CT-5, CT-6)', () => {
  let orm: MikroORM;
  let server: PkiServer;
  let now: Date;
  let check: SignInCertificateCheck;

  beforeAll(async () => {
    orm = await openTestDatabase();
    now = new Date();
    server = await startPkiServer(orm, { clock: () => now });
    check = new SignInCertificateCheck(orm.em, server.pki.hierarchy, () => now);
  });
  afterAll(async () => {
    await server.pki.crls.idle();
    await server.close();
    await orm.close();
  });

  async function personal(validityDays = 365) {
    const { csr, keys } = await subscriberRequest('CN=Ignored', 'P-256');
    const certificate = await server.pki.issuer.issue({
      kind: 'personal',
      usage: 'signing',
      subject: 'CN=李四,C=CN',
      csr,
      validityDays,
      holderUserId: '6f0f3c2e-1c1a-4a53-9d7e-3f1c2a9b8c01',
      identity: { insuranceNumber: '440300001' },
    });
    const challenge = Buffer.from('Tessera certificate sign-in (证书登录) v1\ntest');
    const signature = Buffer.from(
      await webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keys.privateKey, challenge),
    );
    return {
      certificate,
      proof: {
        certificate: (certificate.der as Buffer).toString('base64'),
        challenge: challenge.toString('base64'),
        signature: signature.toString('base64'),
      },
    };
  }

  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => (error as { extensions?: { code?: unknown } }).extensions?.code,
    );

  it('answers the holder of a personal certificate, and a certificate of a retired issuing-CA generation still signs in', async () => {
    const before = await personal();
    await expect(check.check(before.proof)).resolves.toMatchObject({
      certificateId: before.certificate.id,
      kind: 'personal',
      holderUserId: '6f0f3c2e-1c1a-4a53-9d7e-3f1c2a9b8c01',
      insuranceNumber: '440300001',
      hierarchy: 'international',
      creditCode: null,
      unitName: null,
    });
    await server.pki.rollover(undefined, 'admin-1');
    // A replica that never saw it: the chain is verified afresh, to the retired generation.
    const fresh = new SignInCertificateCheck(orm.em, server.pki.hierarchy, () => now);
    await expect(fresh.check(before.proof)).resolves.toMatchObject({ certificateId: before.certificate.id });
    const after = await personal();
    expect(after.certificate.authorityId).not.toBe(before.certificate.authorityId);
    await expect(check.check(after.proof)).resolves.toMatchObject({ certificateId: after.certificate.id });
  });

  it('reads the status on every check, the certificate once: suspended, released, expired (CT-6 -10101039)', async () => {
    const { certificate, proof } = await personal(30);
    await expect(check.check(proof)).resolves.toBeDefined();
    await server.pki.revocation.suspend(certificate.id, 'clerk');
    expect(await refusal(check.check(proof))).toBe('SIGN_IN_CERTIFICATE_SUSPENDED');
    await server.pki.revocation.release(certificate.id, 'clerk');
    await expect(check.check(proof)).resolves.toBeDefined();
    const start = now;
    now = new Date(start.getTime() + 31 * day);
    expect(await refusal(check.check(proof))).toBe('SIGN_IN_CERTIFICATE_EXPIRED');
    now = start;
  });

  it('refuses bad input with typed errors, never a crash', async () => {
    const { proof } = await personal();
    const cases: [Partial<typeof proof>, string][] = [
      [{ certificate: '' }, 'SIGN_IN_CERTIFICATE_MALFORMED'],
      [{ certificate: '!!!' }, 'SIGN_IN_CERTIFICATE_MALFORMED'],
      [{ certificate: Buffer.from('not DER').toString('base64') }, 'SIGN_IN_CERTIFICATE_MALFORMED'],
      [{ signature: '' }, 'SIGN_IN_SIGNATURE_INVALID'],
      [{ signature: Buffer.alloc(64, 1).toString('base64') }, 'SIGN_IN_SIGNATURE_INVALID'],
      [{ signature: Buffer.from('3006020101020101', 'hex').toString('base64') }, 'SIGN_IN_SIGNATURE_INVALID'],
      [{ challenge: Buffer.from('another challenge').toString('base64') }, 'SIGN_IN_SIGNATURE_INVALID'],
    ];
    for (const [change, code] of cases) {
      expect(await refusal(check.check({ ...proof, ...change }))).toBe(code);
    }
  });
});
