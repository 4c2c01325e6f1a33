import { PemConverter } from '@peculiar/x509';
import { EnvelopeFormatValue } from '@tessera/kit';
import { certificateView } from '../certificates/certificate.view';
import type { KeyEscrow } from './key-escrow.entity';
import type { KeyEscrowEvent } from './key-escrow-event.entity';
import type { EncryptionKeyDelivery } from './key-management-service';
import type { KeyRecovery } from './key-recovery.entity';
import {
  EncryptionKeyDeliveryType,
  type KeyEscrowActionValue,
  KeyEscrowEventType,
  KeyEscrowType,
  type KeyRecoveryStateValue,
  KeyRecoveryType,
} from './kmc.type';

/** Only the escrow's public facts: the sealed key is not even read into the view. */
export function keyEscrowView(escrow: KeyEscrow): KeyEscrowType {
  return Object.assign(new KeyEscrowType(), {
    id: escrow.id,
    subject: escrow.subject,
    algorithm: escrow.algorithm,
    escrowedAt: escrow.escrowedAt,
    encryptionCertificateId: escrow.encryptionCertificateId,
    signingCertificateId: escrow.signingCertificateId,
  });
}

export function keyRecoveryView(recovery: KeyRecovery): KeyRecoveryType {
  return Object.assign(new KeyRecoveryType(), {
    id: recovery.id,
    state: recovery.state as KeyRecoveryStateValue,
    reason: recovery.reason,
    requestedBy: recovery.requestedBy,
    requestedAt: recovery.requestedAt,
    decidedBy: recovery.decidedBy,
    decidedAt: recovery.decidedAt,
    deliveredBy: recovery.deliveredBy,
    deliveredAt: recovery.deliveredAt,
    escrowId: recovery.escrowId,
    targetCertificateId: recovery.targetCertificateId,
  });
}

export function keyEscrowEventView(event: KeyEscrowEvent): KeyEscrowEventType {
  return Object.assign(new KeyEscrowEventType(), {
    action: event.action as KeyEscrowActionValue,
    actor: event.actor,
    at: event.at,
    recoveryId: event.recoveryId,
  });
}

export function encryptionKeyDeliveryView(delivery: EncryptionKeyDelivery): EncryptionKeyDeliveryType {
  return Object.assign(new EncryptionKeyDeliveryType(), {
    certificate: certificateView(delivery.certificate),
    pem: PemConverter.encode(new Uint8Array(delivery.certificate.der ?? Buffer.alloc(0)).buffer, 'CERTIFICATE'),
    envelope: delivery.envelope.pem,
    envelopeFormat: delivery.envelope.format as EnvelopeFormatValue,
  });
}
