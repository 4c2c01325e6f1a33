import type { MikroORM } from '@mikro-orm/postgresql';
import { Certificate } from '../certificates/certificate.entity';
import { Crl } from '../crl/crl.entity';
import type { Pki } from '../pki';
import { type PkiServer, startPkiServer } from '../testing/pki-server';
import { openTestDatabase } from '../testing/test-database';
import { subscriberRequest } from '../testing/test-pki';
import { certificateState } from './certificate-state';
import { RevocationEvent } from './revocation-event.entity';
import { revocationTransitions } from './revocation-transitions';

describe('revocation, suspension and release (RA-4, RA-5, RA-7, CT-2)', () => {
  let orm: MikroORM;
  let server: PkiServer;
  let pki: Pki;
  let now: Date;

  beforeAll(async () => {
    orm = await openTestDatabase();
    now = new Date();
    server = await startPkiServer(orm, { clock: () => new Date(now) });
    pki = server.pki;
  });
  afterAll(async () => {
    await server.close();
    await orm.close();
  });

  const issue = async () =>
    pki.issuer.issue({
      kind: 'personal',
      usage: 'signing',
      subject: 'CN=Wang Wu',
      csr: (await subscriberRequest()).csr,
    });

  async function crlCount(authorityId: string): Promise<number> {
    return orm.em.fork().count(Crl, { authorityId });
  }

  it('RA-5 CT-2: suspend shows as suspended (certificateHold), release brings it back in use, each recorded', async () => {
    const certificate = await issue();
    const crlsBefore = await crlCount(certificate.authorityId as string);
    const held = await pki.revocation.suspend(certificate.id, 'clerk-1');
    await pki.crls.settled('issuing');
    expect(held.revocationReason).toBe('certificateHold');
    expect(certificateState(held, now)).toBe('suspended');
    const released = await pki.revocation.release(certificate.id, 'clerk-2');
    await pki.crls.settled('issuing');
    expect(certificateState(released, now)).toBe('inUse');
    const events = await orm.em
      .fork()
      .find(RevocationEvent, { certificateId: certificate.id }, { orderBy: { createdAt: 'asc' } });
    expect(events.map((e) => [e.action, e.reason, e.actor])).toEqual([
      ['suspend', 'certificateHold', 'clerk-1'],
      ['release', 'removeFromCRL', 'clerk-2'],
    ]);
    // CT-5: each change published a new CRL (in the background: settled above).
    expect(await crlCount(certificate.authorityId as string)).toBe(crlsBefore + 2);
  });

  it('RA-4: a revocation is final; a revoked certificate can be neither released nor suspended', async () => {
    const certificate = await issue();
    await pki.revocation.suspend(certificate.id, 'clerk');
    const revoked = await pki.revocation.revoke(certificate.id, 'cessationOfOperation', 'clerk');
    expect(certificateState(revoked, now)).toBe('revoked');
    await expect(pki.revocation.release(certificate.id, 'clerk')).rejects.toMatchObject({
      code: 'CERTIFICATE_ALREADY_REVOKED',
    });
    await expect(pki.revocation.suspend(certificate.id, 'clerk')).rejects.toMatchObject({
      code: 'CERTIFICATE_ALREADY_REVOKED',
    });
    await expect(pki.revocation.revoke(certificate.id, 'keyCompromise', 'clerk')).rejects.toMatchObject({
      code: 'CERTIFICATE_ALREADY_REVOKED',
    });
  });

  it('RA-5: releasing a certificate that is not suspended, or suspending twice, is refused', async () => {
    const certificate = await issue();
    await expect(pki.revocation.release(certificate.id, 'clerk')).rejects.toMatchObject({
      code: 'CERTIFICATE_NOT_SUSPENDED',
    });
    await pki.revocation.suspend(certificate.id, 'clerk');
    await expect(pki.revocation.suspend(certificate.id, 'clerk')).rejects.toMatchObject({
      code: 'CERTIFICATE_ALREADY_SUSPENDED',
    });
  });

  it('the transition table is the only way: every command outside it is refused', () => {
    expect(revocationTransitions.filter((t) => t.from === 'revoked')).toEqual([]);
    expect(revocationTransitions.filter((t) => t.by === 'system').map((t) => t.command)).toEqual(['autoRelease']);
  });

  it('RA-5: the job releases a hold after six months unless revoked, and not a day earlier', async () => {
    const start = new Date(now);
    const heldLong = await issue();
    const revokedAfterHold = await issue();
    await pki.revocation.suspend(heldLong.id, 'clerk');
    await pki.revocation.suspend(revokedAfterHold.id, 'clerk');
    await pki.revocation.revoke(revokedAfterHold.id, 'keyCompromise', 'clerk');

    const sixMonthsLater = new Date(start);
    sixMonthsLater.setUTCMonth(sixMonthsLater.getUTCMonth() + 6);
    now = new Date(sixMonthsLater.getTime() - 24 * 60 * 60 * 1000);
    expect(await pki.holdRelease.run()).not.toContain(heldLong.id);

    now = new Date(sixMonthsLater.getTime() + 1000);
    const released = await pki.holdRelease.run();
    expect(released).toContain(heldLong.id);
    expect(released).not.toContain(revokedAfterHold.id);
    const em = orm.em.fork();
    const row = await em.findOneOrFail(Certificate, { id: heldLong.id });
    expect(row.revokedAt).toBeNull();
    const event = await em.findOneOrFail(RevocationEvent, { certificateId: heldLong.id, action: 'release' });
    expect(event.actor).toBe('system');
    const stillRevoked = await em.findOneOrFail(Certificate, { id: revokedAfterHold.id });
    expect(stillRevoked.revocationReason).toBe('keyCompromise');
    now = start;
  });

  it('RA-5: a hold that outlasts the certificate is not released but left for the RA to revoke', async () => {
    const start = new Date(now);
    const shortLived = await pki.issuer.issue({
      kind: 'personal',
      usage: 'signing',
      subject: 'CN=Short Lived',
      csr: (await subscriberRequest()).csr,
      validityDays: 90,
    });
    await pki.revocation.suspend(shortLived.id, 'clerk');
    now = new Date(start.getTime() + 200 * 24 * 60 * 60 * 1000);
    expect(await pki.holdRelease.run()).not.toContain(shortLived.id);
    const row = await orm.em.fork().findOneOrFail(Certificate, { id: shortLived.id });
    expect(certificateState(row, now)).toBe('suspended');
    now = start;
  });

  it('RA-7: a lost-key reissue makes the new certificate and revokes the lost one with keyCompromise', async () => {
    const lost = await issue();
    const { issued, revoked } = await pki.lostKeyReissue.reissue(
      lost.id,
      { kind: 'personal', usage: 'signing', subject: 'CN=Wang Wu', csr: (await subscriberRequest()).csr },
      'clerk',
    );
    expect(issued.id).not.toBe(lost.id);
    expect(certificateState(issued, now)).toBe('inUse');
    expect(revoked.id).toBe(lost.id);
    expect(revoked.revocationReason).toBe('keyCompromise');
    await expect(
      pki.lostKeyReissue.reissue(
        lost.id,
        { kind: 'personal', usage: 'signing', subject: 'CN=Wang Wu', csr: (await subscriberRequest()).csr },
        'clerk',
      ),
    ).rejects.toMatchObject({ code: 'CERTIFICATE_ALREADY_REVOKED' });
  });

  it('a certificate approved but not issued cannot be suspended', async () => {
    const em = orm.em.fork();
    const pending = em.create(Certificate, {
      serialNumber: 'pending-1',
      subject: 'CN=Pending',
      kind: 'personal',
      usage: 'signing',
      notBefore: now,
      notAfter: now,
    });
    await em.flush();
    expect(certificateState(pending, now)).toBe('newApplication');
    await expect(pki.revocation.suspend(pending.id, 'clerk')).rejects.toMatchObject({ code: 'CERTIFICATE_NOT_ISSUED' });
  });
});
