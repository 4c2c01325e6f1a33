import { createPrivateKey, createPublicKey, randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { X509Certificate } from '@peculiar/x509';
import type { StaffRole } from '@tessera/kit';
import type { Certificate } from '../certificates/certificate.entity';
import { KeySealer } from '../keys/software/key-sealer';
import { openEnvelope, opensslAvailable } from '../testing/envelope-opener';
import { type PkiServer, startPkiServer } from '../testing/pki-server';
import { openTestDatabase } from '../testing/test-database';
import { subscriberRequest } from '../testing/test-pki';
import { KeyEscrowEvent } from './key-escrow-event.entity';
import { KeyManagementService, type StaffActor } from './key-management-service';
import { keyRecoveryTransitions } from './key-recovery-transitions';

const hasOpenssl = opensslAvailable();
const staff = (...roles: StaffRole[]): StaffActor => ({ id: randomUUID(), roles: new Set(roles) });

describe('key recovery needs two people and is audited (CT-1)', () => {
  let orm: MikroORM;
  let server: PkiServer;
  const subject = 'CN=Recovered Unit,O=Tessera Test,C=CN';
  let encryption: Certificate;

  /** A signing certificate of `subject` (a renewal, say), with the key that opens envelopes to it. */
  async function signingCertificate(of = subject) {
    const { referenceCode, authorizationCode } = await server.pki.enrollments.create(
      { kind: 'organization', usage: 'signing', subject: of },
      'ra',
    );
    const { csr, keys } = await subscriberRequest();
    const { certificate } = await server.pki.enrollments.redeem({ referenceCode, authorizationCode, csr });
    return { certificate, keys };
  }

  beforeAll(async () => {
    orm = await openTestDatabase();
    server = await startPkiServer(orm);
    const { referenceCode, authorizationCode } = await server.pki.enrollments.create(
      { kind: 'organization', usage: 'signing', subject, dual: true },
      'ra',
    );
    const { csr } = await subscriberRequest();
    const redeemed = await server.pki.enrollments.redeem({ referenceCode, authorizationCode, csr });
    encryption = redeemed.encryption?.certificate as Certificate;
  });
  afterAll(async () => {
    await server.close();
    await orm.close();
  });

  it('CT-1: an administrator opens, another person (an auditor) approves, the key is delivered enveloped to the named signing certificate; every step is on the trail', async () => {
    const { kmc } = server.pki;
    const administrator = staff('ADMINISTRATOR');
    const auditor = staff('AUDITOR');
    const renewed = await signingCertificate();
    const recovery = await kmc.requestRecovery(
      { encryptionCertificateId: encryption.id, targetCertificateId: renewed.certificate.id, reason: 'EKey lost' },
      administrator,
    );
    expect(recovery.state).toBe('requested');
    await expect(kmc.deliverRecovery(recovery.id, administrator)).rejects.toMatchObject({
      code: 'KEY_RECOVERY_STATE_INVALID',
    });
    const approved = await kmc.approveRecovery(recovery.id, auditor);
    expect(approved).toMatchObject({ state: 'approved', decidedBy: auditor.id });

    const delivered = await kmc.deliverRecovery(recovery.id, administrator);
    expect(delivered.recovery).toMatchObject({ state: 'delivered', deliveredBy: administrator.id });
    if (hasOpenssl) {
      const pkcs8 = await openEnvelope(
        delivered.envelope.pem,
        renewed.certificate.der as Buffer,
        renewed.keys.privateKey,
      );
      const recovered = createPublicKey(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })).export({
        type: 'spki',
        format: 'der',
      });
      expect(recovered.equals(Buffer.from(new X509Certificate(encryption.der as Buffer).publicKey.rawData))).toBe(true);
    }
    await expect(kmc.deliverRecovery(recovery.id, administrator)).rejects.toMatchObject({
      code: 'KEY_RECOVERY_STATE_INVALID',
    });

    const escrow = await kmc.escrowOf(encryption.id);
    const trail = await kmc.trail(escrow?.id as string);
    expect(trail.map((event) => [event.action, event.actor])).toEqual([
      ['escrow', 'kmc'],
      ['request', administrator.id],
      ['approve', auditor.id],
      ['deliver', administrator.id],
    ]);
    expect(trail.slice(1).every((event) => event.recoveryId === recovery.id && event.at instanceof Date)).toBe(true);
  });

  it('CT-1: the one who opened a recovery cannot approve or reject it, even holding the auditor role too', async () => {
    const { kmc } = server.pki;
    const both = staff('ADMINISTRATOR', 'AUDITOR');
    const target = await signingCertificate();
    const recovery = await kmc.requestRecovery(
      { encryptionCertificateId: encryption.id, targetCertificateId: target.certificate.id, reason: 'audit' },
      both,
    );
    await expect(kmc.approveRecovery(recovery.id, both)).rejects.toMatchObject({ code: 'KEY_RECOVERY_SAME_PERSON' });
    await expect(kmc.rejectRecovery(recovery.id, both)).rejects.toMatchObject({ code: 'KEY_RECOVERY_SAME_PERSON' });
    await expect(kmc.approveRecovery(recovery.id, staff('ADMINISTRATOR'))).rejects.toMatchObject({
      code: 'KEY_RECOVERY_ROLE_REQUIRED',
    });
    const rejected = await kmc.rejectRecovery(recovery.id, staff('AUDITOR'));
    expect(rejected.state).toBe('rejected');
    await expect(kmc.deliverRecovery(recovery.id, staff('ADMINISTRATOR'))).rejects.toMatchObject({
      code: 'KEY_RECOVERY_STATE_INVALID',
    });
  });

  it('CT-1: only administrators open recoveries, and only to an in-use signing certificate of the same subject', async () => {
    const { kmc } = server.pki;
    const administrator = staff('ADMINISTRATOR');
    const open = (targetCertificateId: string, actor = administrator, encryptionCertificateId = encryption.id) =>
      kmc.requestRecovery({ encryptionCertificateId, targetCertificateId, reason: 'r' }, actor);
    const own = await signingCertificate();
    await expect(open(own.certificate.id, staff('AUDITOR'))).rejects.toMatchObject({
      code: 'KEY_RECOVERY_ROLE_REQUIRED',
    });
    const stranger = await signingCertificate('CN=Someone Else,O=Tessera Test,C=CN');
    await expect(open(stranger.certificate.id)).rejects.toMatchObject({ code: 'KEY_RECOVERY_TARGET_INVALID' });
    await expect(open(encryption.id)).rejects.toMatchObject({ code: 'KEY_RECOVERY_TARGET_INVALID' });
    await expect(open(randomUUID())).rejects.toMatchObject({ code: 'KEY_RECOVERY_TARGET_INVALID' });
    await expect(open(own.certificate.id, administrator, own.certificate.id)).rejects.toMatchObject({
      code: 'KEY_ESCROW_NOT_FOUND',
    });

    const recovery = await open(own.certificate.id);
    await kmc.approveRecovery(recovery.id, staff('AUDITOR'));
    await server.pki.revocation.revoke(own.certificate.id, 'keyCompromise', administrator.id);
    await expect(kmc.deliverRecovery(recovery.id, administrator)).rejects.toMatchObject({
      code: 'KEY_RECOVERY_TARGET_INVALID',
    });
  });

  it('CT-1: the audit trail is append-only: the database refuses to change or delete it', async () => {
    const connection = orm.em.getConnection();
    await expect(
      connection.execute('update "certificate"."key_escrow_event" set "actor" = \'someone\''),
    ).rejects.toThrow(/append-only/);
    await expect(connection.execute('delete from "certificate"."key_escrow_event"')).rejects.toThrow(/append-only/);
    expect(await orm.em.fork().count(KeyEscrowEvent, { actor: 'someone' })).toBe(0);
  });

  it('CT-1: an escrow does not open under another KMC key (typed error, nothing delivered)', async () => {
    const administrator = staff('ADMINISTRATOR');
    const target = await signingCertificate();
    const recovery = await server.pki.kmc.requestRecovery(
      { encryptionCertificateId: encryption.id, targetCertificateId: target.certificate.id, reason: 'r' },
      administrator,
    );
    await server.pki.kmc.approveRecovery(recovery.id, staff('AUDITOR'));
    const otherKey = new KeyManagementService({
      em: orm.em,
      issuer: server.pki.issuer,
      keyEncryption: new KeySealer(Buffer.alloc(32, 0x55)),
    });
    await expect(otherKey.deliverRecovery(recovery.id, administrator)).rejects.toMatchObject({
      code: 'KEY_ESCROW_UNREADABLE',
    });
    expect((await server.pki.kmc.recoveries('approved')).map((r) => r.id)).toContain(recovery.id);
  });

  it('CT-1: the recovery steps are a table: auditors decide, administrators deliver, deciders are never the requester', () => {
    expect(keyRecoveryTransitions.map((t) => `${t.from} -${t.command}(${t.by})-> ${t.to}`)).toEqual([
      'requested -approve(AUDITOR)-> approved',
      'requested -reject(AUDITOR)-> rejected',
      'approved -deliver(ADMINISTRATOR)-> delivered',
    ]);
    expect(keyRecoveryTransitions.filter((t) => t.notRequester).map((t) => t.command)).toEqual(['approve', 'reject']);
  });
});
