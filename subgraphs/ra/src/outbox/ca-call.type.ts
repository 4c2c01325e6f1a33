import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CertificateApplicationType } from '../applications/certificate-application.type';

export enum CaCallStateValue {
  PENDING = 'pending',
  DELIVERED = 'delivered',
  FAILED = 'failed',
  SETTLED = 'settled',
}
registerEnumType(CaCallStateValue, {
  name: 'CertificateAuthorityCallState',
  description: 'Where a call to the certificate authority stands: failed calls are never retried automatically.',
});

export enum CaCallKindValue {
  CREATE_ENROLLMENT = 'create_enrollment',
  REVOKE_CERTIFICATE = 'revoke_certificate',
  SUSPEND_CERTIFICATE = 'suspend_certificate',
  RELEASE_CERTIFICATE = 'release_certificate',
  UNLOCK_EKEY = 'unlock_ekey',
}
registerEnumType(CaCallKindValue, {
  name: 'CertificateAuthorityCallKind',
  description: 'What the RA asks the certificate authority.',
});

@ObjectType('CertificateAuthorityCall', {
  description: 'A call the RA owes the certificate authority for an application step (RA item 12).',
})
export class CaCallType {
  @Field(() => ID)
  id!: string;

  @Field(() => CaCallKindValue)
  kind!: CaCallKindValue;

  @Field(() => CaCallStateValue)
  state!: CaCallStateValue;

  @Field(() => Int, { description: 'Failed attempts so far.' })
  attempts!: number;

  @Field(() => String, { nullable: true, description: 'The last failure: the error codes, or the transport error.' })
  lastError!: string | null;

  @Field(() => String, { nullable: true, description: 'The error code the certificate authority last answered.' })
  lastErrorCode!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the dispatcher tries again (pending calls only).' })
  nextAttemptAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When a permanent refusal stopped the retries.' })
  failedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  deliveredAt!: Date | null;

  @Field(() => Date, { nullable: true })
  settledAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'The administrator who settled it.' })
  settledBy!: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was settled instead of delivered.' })
  settlementReason!: string | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => CertificateApplicationType, { nullable: true })
  application?: CertificateApplicationType | null;

  /** Not a GraphQL field: resolved through the request's loader. */
  applicationId!: string;
}
