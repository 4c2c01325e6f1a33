import { EnvelopeFormatValue } from '@tessera/kit';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { CertificateType } from '../certificates/certificate.type';

export enum KeyRecoveryStateValue {
  REQUESTED = 'requested',
  APPROVED = 'approved',
  REJECTED = 'rejected',
  DELIVERED = 'delivered',
}
registerEnumType(KeyRecoveryStateValue, {
  name: 'KeyRecoveryState',
  description: 'CT-1 key recovery: opened by an administrator, decided by an auditor, then delivered.',
});

export enum KeyEscrowActionValue {
  ESCROW = 'escrow',
  REQUEST = 'request',
  APPROVE = 'approve',
  REJECT = 'reject',
  DELIVER = 'deliver',
}
registerEnumType(KeyEscrowActionValue, {
  name: 'KeyEscrowAction',
  description: 'A step in the audit trail of an escrowed key.',
});

@ObjectType('KeyEscrowEvent', {
  description: 'One entry of the append-only audit trail of an escrowed key: who did what, when.',
})
export class KeyEscrowEventType {
  @Field(() => KeyEscrowActionValue)
  action!: KeyEscrowActionValue;

  @Field(() => String, { description: 'A staff user id, or `kmc` for the escrow at issuance.' })
  actor!: string;

  @Field(() => Date)
  at!: Date;

  @Field(() => ID, { nullable: true })
  recoveryId?: string;
}

@ObjectType('KeyEscrow', {
  description:
    'An encryption key the key management centre generated and holds in escrow (CT-1); never its key material.',
})
export class KeyEscrowType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  subject!: string;

  @Field(() => String, { description: 'P-256, P-384, RSA-2048 or RSA-3072.' })
  algorithm!: string;

  @Field(() => Date)
  escrowedAt!: Date;

  /** Resolved as `encryptionCertificate`. */
  encryptionCertificateId!: string;

  /** Resolved as `signingCertificate`. */
  signingCertificateId!: string;
}

@ObjectType('KeyRecovery', { description: 'A two-person recovery of an escrowed key (CT-1).' })
export class KeyRecoveryType {
  @Field(() => ID)
  id!: string;

  @Field(() => KeyRecoveryStateValue)
  state!: KeyRecoveryStateValue;

  @Field(() => String)
  reason!: string;

  @Field(() => String)
  requestedBy!: string;

  @Field(() => Date)
  requestedAt!: Date;

  @Field(() => String, { nullable: true, description: 'The auditor who approved or rejected it.' })
  decidedBy?: string;

  @Field(() => Date, { nullable: true })
  decidedAt?: Date;

  @Field(() => String, { nullable: true })
  deliveredBy?: string;

  @Field(() => Date, { nullable: true })
  deliveredAt?: Date;

  /** Resolved as `escrow`. */
  escrowId!: string;

  /** Resolved as `targetCertificate`. */
  targetCertificateId!: string;
}

const envelopeDescription = 'The enveloped private key, PEM (its format in `envelopeFormat`).';

@ObjectType('EncryptionKeyDelivery', {
  description:
    'The encryption half of a dual certificate (CT-1): the certificate, and its private key in a digital envelope that only the signing key opens.',
})
export class EncryptionKeyDeliveryType {
  @Field(() => CertificateType)
  certificate!: CertificateType;

  @Field(() => String, { description: 'The encryption certificate, PEM.' })
  pem!: string;

  @Field(() => String, { description: envelopeDescription })
  envelope!: string;

  @Field(() => EnvelopeFormatValue)
  envelopeFormat!: EnvelopeFormatValue;
}

@ObjectType('KeyRecoveryDelivery', {
  description: 'A recovered key, in a new envelope to the target signing certificate.',
})
export class KeyRecoveryDeliveryType {
  @Field(() => KeyRecoveryType)
  recovery!: KeyRecoveryType;

  @Field(() => String, { description: envelopeDescription })
  envelope!: string;

  @Field(() => EnvelopeFormatValue)
  envelopeFormat!: EnvelopeFormatValue;
}
