import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { StaffRole } from '@tessera/kit';
import type { CertificateIssuer } from '../authority/certificate-issuer';
import { wholeSeconds } from '../authority/whole-seconds';
import { Certificate, type CertificateKind } from '../certificates/certificate.entity';
import { CertificateError } from '../errors';
import type { KeyEncryption } from '../keys/key-encryption';
import { generatePrivateKey } from '../keys/private-key';
import type { SubscriberIdentity } from '../profiles/identity-extensions';
import { certificateState } from '../revocation/certificate-state';
import { type DigitalEnvelope, sealEnvelope } from './digital-envelope';
import { KeyEscrow } from './key-escrow.entity';
import { type KeyEscrowAction, KeyEscrowEvent } from './key-escrow-event.entity';
import { KeyRecovery } from './key-recovery.entity';
import { type KeyRecoveryCommand, type KeyRecoveryState, keyRecoveryTransition } from './key-recovery-transitions';

const listLimit = 200;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The encryption half of a dual certificate, for the subject of an already issued signing certificate. */
export interface EncryptionPairRequest {
  kind: CertificateKind;
  subject: string;
  dnsNames?: string[];
  email?: string;
  holderUserId?: string;
  validityDays?: number;
  /** The row reserved for the encryption certificate at enrollment. */
  pendingCertificateId?: string;
  /** The subscriber's numbers (GM/T 0015 identity extensions), as on the signing certificate. */
  identity?: SubscriberIdentity;
  /** The subscriber's signing certificate (issued, with its DER): the envelope is sealed to its key. */
  signingCertificate: Certificate;
}

/** What the subscriber receives: the encryption certificate and its private key in a digital envelope. */
export interface EncryptionKeyDelivery {
  certificate: Certificate;
  envelope: DigitalEnvelope;
}

/** A staff member acting on a key recovery. */
export interface StaffActor {
  id: string;
  roles: ReadonlySet<StaffRole>;
}

export interface KeyRecoveryOpening {
  encryptionCertificateId: string;
  /** The in-use signing certificate (same subject) whose key the recovered key is sealed to. */
  targetCertificateId: string;
  reason: string;
}

export interface KeyManagementOptions {
  em: EntityManager;
  issuer: CertificateIssuer;
  /** The key sealing escrowed keys (on the token with PKCS#11); absent, the centre refuses dual certificates. */
  keyEncryption?: KeyEncryption;
  clock?: () => Date;
}

/**
 * The key management centre of CT-1 (GM/T 0034 model): generates the encryption key pair of a dual
 * certificate, has the issuer certify it (profile and lint apply), escrows the private key sealed
 * under the KMC key and delivers it in a digital envelope to the subscriber's signing key. Recovery
 * takes two people (an administrator opens, another person, an auditor, approves) and every step
 * is written to an append-only trail.
 */
export class KeyManagementService {
  private readonly clock: () => Date;
  private readonly sealer?: KeyEncryption;

  constructor(private readonly options: KeyManagementOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.sealer = options.keyEncryption;
  }

  /** Whether dual certificates can be issued (a KMC key is configured). */
  get enabled(): boolean {
    return this.sealer !== undefined;
  }

  /**
   * Issues the encryption certificate and escrows its key in `em`'s transaction, so a failure
   * leaves neither certificate nor escrow behind.
   */
  async issueEncryptionPair(request: EncryptionPairRequest, em: EntityManager): Promise<EncryptionKeyDelivery> {
    const sealer = this.requireSealer();
    const signingDer = request.signingCertificate.der;
    if (!signingDer) {
      throw new CertificateError('CERTIFICATE_NOT_ISSUED', { certificateId: request.signingCertificate.id });
    }
    // The encryption pair comes from the signing certificate's hierarchy, with its algorithm (SM2 under SM2).
    const hierarchy = await this.options.issuer.issuedUnder(request.signingCertificate);
    const keys = generatePrivateKey(hierarchy.algorithm);
    const certificate = await this.options.issuer.issue(
      {
        kind: request.kind,
        usage: 'encryption',
        subject: request.subject,
        dnsNames: request.dnsNames,
        email: request.email,
        holderUserId: request.holderUserId,
        validityDays: request.validityDays,
        pendingCertificateId: request.pendingCertificateId,
        identity: request.identity,
        hierarchy: hierarchy.name,
        generatedPublicKey: keys.spki(),
      },
      em,
    );
    const pkcs8 = keys.pkcs8();
    const escrow = new KeyEscrow();
    Object.assign(escrow, {
      encryptionCertificateId: certificate.id,
      signingCertificateId: request.signingCertificate.id,
      subject: request.subject,
      algorithm: hierarchy.algorithm,
      escrowedAt: wholeSeconds(this.clock()),
      ...(await sealer.seal(escrow.id, pkcs8)),
    });
    em.persist(escrow);
    this.record(em, escrow.id, 'escrow', 'kmc');
    await em.flush();
    return { certificate, envelope: sealEnvelope(signingDer, pkcs8) };
  }

  /**
   * The escrowed key of an encryption certificate in a new envelope to the signing certificate it
   * was first delivered to (a repeated redemption, RA item 14). Only that signing key opens it, so
   * it reveals nothing the first delivery did not; the trail records it as a delivery by the KMC.
   */
  async envelopeAgain(
    encryptionCertificateId: string,
    signingCertificate: Certificate,
    em: EntityManager,
  ): Promise<EncryptionKeyDelivery> {
    const escrow = await em.findOne(
      KeyEscrow,
      { encryptionCertificateId, signingCertificateId: signingCertificate.id },
      { populate: ['iv', 'tag', 'ciphertext'] },
    );
    if (!escrow || !signingCertificate.der) {
      throw new CertificateError('KEY_ESCROW_NOT_FOUND', { certificateId: encryptionCertificateId });
    }
    const certificate = await em.findOneOrFail(Certificate, { id: encryptionCertificateId }, { populate: ['der'] });
    const envelope = sealEnvelope(signingCertificate.der, await this.openEscrow(escrow));
    this.record(em, escrow.id, 'deliver', 'kmc');
    await em.flush();
    return { certificate, envelope };
  }

  /** An administrator opens a recovery, naming the signing certificate that will receive the key. */
  async requestRecovery(opening: KeyRecoveryOpening, actor: StaffActor): Promise<KeyRecovery> {
    if (!actor.roles.has('ADMINISTRATOR')) {
      throw new CertificateError('KEY_RECOVERY_ROLE_REQUIRED', { role: 'ADMINISTRATOR' });
    }
    const em = this.options.em.fork();
    const escrow =
      uuid.test(opening.encryptionCertificateId) &&
      (await em.findOne(KeyEscrow, { encryptionCertificateId: opening.encryptionCertificateId }));
    if (!escrow) {
      throw new CertificateError('KEY_ESCROW_NOT_FOUND', { certificateId: opening.encryptionCertificateId });
    }
    await this.deliverableTarget(em, opening.targetCertificateId, escrow);
    const recovery = em.create(KeyRecovery, {
      escrowId: escrow.id,
      targetCertificateId: opening.targetCertificateId,
      reason: opening.reason,
      requestedBy: actor.id,
      requestedAt: wholeSeconds(this.clock()),
    });
    this.record(em, escrow.id, 'request', actor.id, recovery.id);
    await em.flush();
    return recovery;
  }

  approveRecovery(recoveryId: string, actor: StaffActor): Promise<KeyRecovery> {
    return this.step(recoveryId, 'approve', actor, (recovery, at) => {
      recovery.decidedBy = actor.id;
      recovery.decidedAt = at;
    });
  }

  rejectRecovery(recoveryId: string, actor: StaffActor): Promise<KeyRecovery> {
    return this.step(recoveryId, 'reject', actor, (recovery, at) => {
      recovery.decidedBy = actor.id;
      recovery.decidedAt = at;
    });
  }

  /** Opens the escrow and seals the key to the target certificate named in the request, once. */
  async deliverRecovery(
    recoveryId: string,
    actor: StaffActor,
  ): Promise<{ recovery: KeyRecovery; envelope: DigitalEnvelope }> {
    let envelope: DigitalEnvelope | undefined;
    const recovery = await this.step(recoveryId, 'deliver', actor, async (row, at, em) => {
      const escrow = await em.findOneOrFail(KeyEscrow, { id: row.escrowId }, { populate: ['iv', 'tag', 'ciphertext'] });
      const target = await this.deliverableTarget(em, row.targetCertificateId, escrow);
      envelope = sealEnvelope(target.der as Buffer, await this.openEscrow(escrow));
      row.deliveredBy = actor.id;
      row.deliveredAt = at;
    });
    return { recovery, envelope: envelope as DigitalEnvelope };
  }

  /** Escrowed keys of a subject (exact distinguished name), newest first; without key material. */
  escrowsOf(subject: string): Promise<KeyEscrow[]> {
    return this.options.em.fork().find(KeyEscrow, { subject }, { orderBy: { escrowedAt: 'desc' }, limit: listLimit });
  }

  async escrowOf(encryptionCertificateId: string): Promise<KeyEscrow | null> {
    if (!uuid.test(encryptionCertificateId)) return null;
    return this.options.em.fork().findOne(KeyEscrow, { encryptionCertificateId });
  }

  /** Recoveries, newest first, optionally in one state (an auditor's queue: `requested`). */
  recoveries(state?: KeyRecoveryState): Promise<KeyRecovery[]> {
    return this.options.em
      .fork()
      .find(KeyRecovery, state ? { state } : {}, { orderBy: { requestedAt: 'desc' }, limit: listLimit });
  }

  /** The audit trail of an escrowed key, oldest first. */
  trail(escrowId: string): Promise<KeyEscrowEvent[]> {
    return this.options.em.fork().find(KeyEscrowEvent, { escrowId }, { orderBy: { at: 'asc', createdAt: 'asc' } });
  }

  private async step(
    recoveryId: string,
    command: KeyRecoveryCommand,
    actor: StaffActor,
    apply: (recovery: KeyRecovery, at: Date, em: EntityManager) => Promise<void> | void,
  ): Promise<KeyRecovery> {
    const at = wholeSeconds(this.clock());
    return this.options.em.fork().transactional(async (em) => {
      const recovery =
        uuid.test(recoveryId) &&
        (await em.findOne(KeyRecovery, { id: recoveryId }, { lockMode: LockMode.PESSIMISTIC_WRITE }));
      if (!recovery) throw new CertificateError('KEY_RECOVERY_NOT_FOUND', { recoveryId });
      const transition = keyRecoveryTransition(recovery.state, command);
      if (!transition) throw new CertificateError('KEY_RECOVERY_STATE_INVALID', { recoveryId, state: recovery.state });
      if (!actor.roles.has(transition.by)) {
        throw new CertificateError('KEY_RECOVERY_ROLE_REQUIRED', { role: transition.by });
      }
      if (transition.notRequester && recovery.requestedBy === actor.id) {
        throw new CertificateError('KEY_RECOVERY_SAME_PERSON', { recoveryId });
      }
      await apply(recovery, at, em);
      recovery.state = transition.to;
      this.record(em, recovery.escrowId, command, actor.id, recovery.id, at);
      return recovery;
    });
  }

  /** The target must be an issued, in-use signing certificate of the escrowed key's subject. */
  private async deliverableTarget(em: EntityManager, certificateId: string, escrow: KeyEscrow): Promise<Certificate> {
    const target = uuid.test(certificateId)
      ? await em.findOne(Certificate, { id: certificateId }, { populate: ['der'] })
      : null;
    const deliverable =
      target?.der &&
      target.usage === 'signing' &&
      target.subject === escrow.subject &&
      certificateState(target, this.clock()) === 'inUse';
    if (!deliverable || !target) throw new CertificateError('KEY_RECOVERY_TARGET_INVALID', { certificateId });
    return target;
  }

  private async openEscrow(escrow: KeyEscrow): Promise<Buffer> {
    try {
      return await this.requireSealer().open(escrow.id, escrow);
    } catch (error) {
      if (error instanceof CertificateError) throw error;
      throw new CertificateError('KEY_ESCROW_UNREADABLE', { escrowId: escrow.id });
    }
  }

  private requireSealer(): KeyEncryption {
    if (!this.sealer) throw new CertificateError('KMC_NOT_CONFIGURED');
    return this.sealer;
  }

  private record(
    em: EntityManager,
    escrowId: string,
    action: KeyEscrowAction,
    actor: string,
    recoveryId?: string,
    at = wholeSeconds(this.clock()),
  ): void {
    em.create(KeyEscrowEvent, { escrowId, action, actor, recoveryId, at });
  }
}
