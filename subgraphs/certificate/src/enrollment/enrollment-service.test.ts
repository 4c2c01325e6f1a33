import type { MikroORM } from '@mikro-orm/postgresql';
import { SubjectAlternativeNameExtension, X509Certificate } from '@peculiar/x509';
import { Certificate } from '../certificates/certificate.entity';
import { certificateState } from '../revocation/certificate-state';
import { type PkiServer, startPkiServer } from '../testing/pki-server';
import { openTestDatabase } from '../testing/test-database';
import { subscriberRequest } from '../testing/test-pki';
import { Enrollment } from './enrollment.entity';

describe('enrollment by reference and authorization codes (RA-11)', () => {
  let orm: MikroORM;
  let server: PkiServer;
  let now: Date;

  beforeAll(async () => {
    orm = await openTestDatabase();
    now = new Date();
    server = await startPkiServer(orm, { clock: () => new Date(now) });
  });
  afterAll(async () => {
    await server.close();
    await orm.close();
  });

  const approve = () =>
    server.pki.enrollments.create(
      { kind: 'personal', usage: 'signing', subject: 'CN=Chen Qi,O=Tessera Test', validityDays: 730 },
      'ra',
    );

  it('RA-11 CT-2: an approval shows as a new application; redeeming the codes with a CSR issues it once, subject from the enrollment', async () => {
    const { enrollment, referenceCode, authorizationCode } = await approve();
    expect(referenceCode).toMatch(/^[0-9A-Z]{10}$/);
    expect(authorizationCode).toMatch(/^[0-9A-Z]{16}$/);
    const stored = await orm.em.fork().findOneOrFail(Enrollment, { id: enrollment.id });
    expect(stored.authorizationCodeHash.toString('hex')).not.toContain(Buffer.from(authorizationCode).toString('hex'));
    const pending = await orm.em.fork().findOneOrFail(Certificate, { id: enrollment.certificateId });
    expect(certificateState(pending, now)).toBe('newApplication');

    const { csr } = await subscriberRequest('CN=Someone Else');
    const { certificate: issued, encryption } = await server.pki.enrollments.redeem({
      referenceCode: referenceCode.toLowerCase(),
      authorizationCode: `${authorizationCode.slice(0, 8)}-${authorizationCode.slice(8)}`,
      csr,
    });
    expect(issued.id).toBe(enrollment.certificateId);
    expect(encryption).toBeUndefined();
    expect(issued.serialNumber).toBe(pending.serialNumber);
    expect(certificateState(issued, now)).toBe('inUse');
    const parsed = new X509Certificate(issued.der as Buffer);
    expect(parsed.subject).toBe('CN=Chen Qi, O=Tessera Test');
    expect(Math.round((parsed.notAfter.getTime() - parsed.notBefore.getTime()) / 86_400_000)).toBe(730);

    // RA item 14: a repeat (the first answer was lost) gets the same certificate; another key gets none.
    const again = await server.pki.enrollments.redeem({ referenceCode, authorizationCode, csr });
    expect(again.certificate).toMatchObject({ id: issued.id, serialNumber: issued.serialNumber });
    expect(again.certificate.der).toEqual(issued.der);
    const other = await subscriberRequest('CN=Someone Else');
    await expect(
      server.pki.enrollments.redeem({ referenceCode, authorizationCode, csr: other.csr }),
    ).rejects.toMatchObject({ code: 'CERTIFICATE_ALREADY_ISSUED' });
    await expect(
      server.pki.enrollments.redeem({ referenceCode, authorizationCode: 'AAAAAAAAAAAAAAAA', csr }),
    ).rejects.toMatchObject({ code: 'ENROLLMENT_CODES_INVALID' });
    expect((await orm.em.fork().findOneOrFail(Enrollment, { id: enrollment.id })).failedAttempts).toBe(1);
  });

  it('CT-1 RA-11: a server enrollment carries its approved DNS names; a CSR asking for others is refused without using the codes up', async () => {
    const { referenceCode, authorizationCode } = await server.pki.enrollments.create(
      {
        kind: 'server',
        usage: 'signing',
        subject: 'CN=si.example.cn,O=Bureau',
        dnsNames: ['SI.example.cn', 'www.si.example.cn'],
      },
      'ra',
    );
    const greedy = await subscriberRequest('CN=x', 'P-256', [
      { type: 'dns', value: 'si.example.cn' },
      { type: 'dns', value: 'bank.example.cn' },
    ]);
    await expect(
      server.pki.enrollments.redeem({ referenceCode, authorizationCode, csr: greedy.csr }),
    ).rejects.toMatchObject({ code: 'CSR_NAMES_NOT_APPROVED', extensions: { name: 'bank.example.cn' } });
    const mailbox = await subscriberRequest('CN=x', 'P-256', [{ type: 'email', value: 'a@si.example.cn' }]);
    await expect(
      server.pki.enrollments.redeem({ referenceCode, authorizationCode, csr: mailbox.csr }),
    ).rejects.toMatchObject({ code: 'CSR_NAMES_NOT_APPROVED' });
    const subset = await subscriberRequest('CN=x', 'P-256', [{ type: 'dns', value: 'WWW.si.example.cn' }]);
    const { certificate } = await server.pki.enrollments.redeem({ referenceCode, authorizationCode, csr: subset.csr });
    const names = new X509Certificate(certificate.der as Buffer).getExtension(SubjectAlternativeNameExtension);
    expect(names?.names.items.map((name) => name.value)).toEqual(['si.example.cn', 'www.si.example.cn']);
  });

  it('CT-1: an enrollment refuses invalid names when it is made, not at redemption', async () => {
    const serverEnrollment = (dnsNames?: string[]) =>
      server.pki.enrollments.create({ kind: 'server', usage: 'signing', subject: 'CN=x', dnsNames }, 'ra');
    await expect(serverEnrollment()).rejects.toMatchObject({ code: 'DNS_NAMES_REQUIRED' });
    await expect(serverEnrollment(['*.example.cn'])).rejects.toMatchObject({ code: 'DNS_NAME_INVALID' });
    await expect(
      server.pki.enrollments.create(
        { kind: 'personal', usage: 'signing', subject: 'CN=x', dnsNames: ['a.example.cn'] },
        'ra',
      ),
    ).rejects.toMatchObject({ code: 'DNS_NAMES_NOT_ALLOWED' });
  });

  it('RA-11: wrong codes are counted and the enrollment locks at the fifth, even for the right code afterwards', async () => {
    const { referenceCode, authorizationCode } = await approve();
    const { csr } = await subscriberRequest();
    for (let attempt = 1; attempt <= 4; attempt++) {
      await expect(
        server.pki.enrollments.redeem({ referenceCode, authorizationCode: 'WRONGWRONGWRONG0', csr }),
      ).rejects.toMatchObject({
        code: 'ENROLLMENT_CODES_INVALID',
      });
    }
    await expect(
      server.pki.enrollments.redeem({ referenceCode, authorizationCode: 'WRONGWRONGWRONG0', csr }),
    ).rejects.toMatchObject({
      code: 'ENROLLMENT_LOCKED',
    });
    await expect(server.pki.enrollments.redeem({ referenceCode, authorizationCode, csr })).rejects.toMatchObject({
      code: 'ENROLLMENT_LOCKED',
    });
  });

  it('RA-11: 20 wrong codes at once are compared at most 5 times, and the right code is locked out after', async () => {
    const { enrollment, referenceCode, authorizationCode } = await approve();
    const { csr } = await subscriberRequest();
    const answers = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        server.pki.enrollments.redeem({ referenceCode, authorizationCode: 'WRONGWRONGWRONG0', csr }),
      ),
    );
    const codes = answers.map((a) => (a.status === 'rejected' ? a.reason.code : 'issued'));
    expect(codes.filter((c) => c === 'ENROLLMENT_CODES_INVALID')).toHaveLength(4);
    expect(codes.filter((c) => c === 'ENROLLMENT_LOCKED')).toHaveLength(16);
    expect((await orm.em.fork().findOneOrFail(Enrollment, { id: enrollment.id })).failedAttempts).toBe(5);
    await expect(server.pki.enrollments.redeem({ referenceCode, authorizationCode, csr })).rejects.toMatchObject({
      code: 'ENROLLMENT_LOCKED',
    });
  });

  it('RA-11: codes expire', async () => {
    const { referenceCode, authorizationCode } = await approve();
    const { csr } = await subscriberRequest();
    const start = now;
    now = new Date(start.getTime() + 15 * 86_400_000);
    await expect(server.pki.enrollments.redeem({ referenceCode, authorizationCode, csr })).rejects.toMatchObject({
      code: 'ENROLLMENT_EXPIRED',
    });
    now = start;
  });

  it('RA-11 CT-4: a CSR that fails proof of possession does not use the codes up', async () => {
    const { referenceCode, authorizationCode } = await approve();
    const { csr } = await subscriberRequest();
    const tampered = Buffer.from(csr);
    tampered[tampered.length - 5] = (tampered[tampered.length - 5] ?? 0) ^ 0xff;
    await expect(
      server.pki.enrollments.redeem({ referenceCode, authorizationCode, csr: tampered }),
    ).rejects.toMatchObject({
      code: 'CSR_SIGNATURE_INVALID',
    });
    await expect(server.pki.enrollments.redeem({ referenceCode, authorizationCode, csr })).resolves.toMatchObject({
      certificate: expect.any(Certificate),
    });
  });

  it('RA-11: a repeated request for the same application returns the same enrollment; only the newest code works', async () => {
    const request = {
      kind: 'personal' as const,
      usage: 'signing' as const,
      subject: 'CN=Repeat',
      applicationReference: 'app-42',
    };
    const first = await server.pki.enrollments.create(request, 'ra');
    const second = await server.pki.enrollments.create(request, 'ra');
    expect(second.referenceCode).toBe(first.referenceCode);
    expect(second.enrollment.certificateId).toBe(first.enrollment.certificateId);
    expect(await orm.em.fork().count(Enrollment, { applicationReference: 'app-42' })).toBe(1);
    const { csr } = await subscriberRequest();
    await expect(
      server.pki.enrollments.redeem({
        referenceCode: first.referenceCode,
        authorizationCode: first.authorizationCode,
        csr,
      }),
    ).rejects.toMatchObject({ code: 'ENROLLMENT_CODES_INVALID' });
    await server.pki.enrollments.redeem({
      referenceCode: second.referenceCode,
      authorizationCode: second.authorizationCode,
      csr,
    });
    await expect(server.pki.enrollments.create(request, 'ra')).rejects.toMatchObject({
      code: 'CERTIFICATE_ALREADY_ISSUED',
    });
  });

  it('RA-11: an unknown reference code is refused like a wrong one', async () => {
    const { csr } = await subscriberRequest();
    await expect(
      server.pki.enrollments.redeem({ referenceCode: 'ZZZZZZZZZZ', authorizationCode: 'AAAAAAAAAAAAAAAA', csr }),
    ).rejects.toMatchObject({ code: 'ENROLLMENT_CODES_INVALID' });
  });
});
