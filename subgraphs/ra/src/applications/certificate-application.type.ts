import { CertificateHierarchyValue, RevocationReasonValue } from '@tessera/kit';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ArchiveSeriesValue } from '../archives/archive.type';
import { CertificateType } from '../certificates/certificate.type';
import { ChecklistItemType } from '../documents/checklist-item.type';
import { SubscriberType } from '../subscribers/subscriber.type';
import { UserType } from '../users/user.type';
import { WorkflowEventValue } from '../workflow/workflow.type';

export enum BusinessTypeValue {
  NEW = 'new',
  RENEWAL = 'renewal',
  CHANGE = 'change',
  REVOCATION = 'revocation',
  SUSPENSION = 'suspension',
  RELEASE = 'release',
  UNLOCK = 'unlock',
  LOST_REISSUE = 'lost_reissue',
  DAMAGED_REPLACEMENT = 'damaged_replacement',
}
registerEnumType(BusinessTypeValue, {
  name: 'BusinessType',
  description: 'What the application asks for (RA-1..RA-8).',
});

export enum CertificateKindValue {
  PERSONAL = 'personal',
  ORGANIZATION = 'organization',
  SERVER = 'server',
}
registerEnumType(CertificateKindValue, { name: 'CertificateKind', description: 'Who the certificate is for (CT-1).' });

export enum ApplicationStateValue {
  SUBMITTED = 'submitted',
  AGENCY_APPROVED = 'agency_approved',
  ENTERED = 'entered',
  APPROVED = 'approved',
  REJECTED = 'rejected',
  ISSUED = 'issued',
  EXECUTED = 'executed',
  DELIVERED = 'delivered',
  ARCHIVED = 'archived',
  COMPLETED = 'completed',
}
registerEnumType(ApplicationStateValue, { name: 'ApplicationState', description: 'Where an application stands.' });

@ObjectType('ApplicationFee', { description: 'The fee due by the schedule and what has been received (RA-12).' })
export class ApplicationFeeType {
  @Field(() => Int)
  dueFen!: number;

  @Field(() => Int)
  paidFen!: number;
}

@ObjectType('ArchiveLocation', { description: 'Where the paper file is kept (RA-16).' })
export class ArchiveLocationType {
  @Field(() => String)
  label!: string;

  @Field(() => ArchiveSeriesValue, {
    description: 'The series of the box: with `box` and `cabinet`, what a client writes as the label in its language.',
  })
  series!: ArchiveSeriesValue;

  @Field(() => Int)
  box!: number;

  @Field(() => Int)
  cabinet!: number;
}

@ObjectType('CertificateApplication', { description: 'A certificate application handled by the RA.' })
@Directive('@key(fields: "id")')
export class CertificateApplicationType {
  @Field(() => ID)
  id!: string;

  @Field(() => BusinessTypeValue, { nullable: true })
  businessType?: BusinessTypeValue;

  @Field(() => CertificateKindValue, { nullable: true })
  certificateKind?: CertificateKindValue;

  @Field(() => ApplicationStateValue, { nullable: true, description: 'Where the application stands in the workflow.' })
  state?: ApplicationStateValue;

  @Field(() => String, { nullable: true, description: '`online` (the subscriber) or `counter` (an entry clerk).' })
  channel?: string;

  @Field(() => Int, { nullable: true, description: 'Send it back with the next step (optimistic locking).' })
  version?: number;

  @Field(() => String, { nullable: true, description: 'Why it was refused (RA-9).' })
  rejectionReason?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The enrollment reference code, once the CA has made it (RA-11).',
  })
  referenceCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The secret authorization code, for the issuing clerk until the certificate is issued (RA-11); null for everyone else.',
  })
  authorizationCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "RA-14: the applicant's or the unit officer's ID number, masked (first and last four characters).",
  })
  idNumber?: string | null;

  @Field(() => String, { nullable: true })
  submittedBy?: string | null;

  @Field(() => String, { nullable: true })
  enteredBy?: string | null;

  @Field(() => String, { nullable: true })
  reviewedBy?: string | null;

  @Field(() => Date, { nullable: true })
  createdAt?: Date;

  @Field(() => Date, { nullable: true })
  updatedAt?: Date;

  @Field(() => SubscriberType, { nullable: true })
  subscriber?: SubscriberType | null;

  /** Not a GraphQL field: resolved through the request's loader. */
  subscriberId?: string | null;

  @Field(() => UserType, { nullable: true, description: 'The person who applied.' })
  applicant?: UserType | null;

  @Field(() => CertificateType, { nullable: true, description: 'The certificate it produced or acts on.' })
  certificate?: CertificateType | null;

  @Field(() => CertificateType, {
    nullable: true,
    description: 'RA-7: the lost certificate a reissue voids (keyCompromise) once the new one is issued.',
  })
  replacedCertificate?: CertificateType | null;

  @Field(() => String, { nullable: true, description: 'RA-6: the EKey an unlock resets.' })
  mediumSerialNumber?: string | null;

  @Field(() => [String], {
    nullable: true,
    description: 'CT-1: the DNS names of a server certificate (lowercase, punycode), sent with the enrollment.',
  })
  dnsNames?: string[];

  @Field(() => String, {
    nullable: true,
    description: "The subscriber's email address the certificate names (then, and only then, it protects email).",
  })
  email?: string | null;

  @Field(() => RevocationReasonValue, {
    nullable: true,
    description: 'RA-4: the RFC 5280 reason of a revocation, as the CRL and OCSP will give it.',
  })
  revocationReason?: RevocationReasonValue | null;

  @Field(() => CertificateHierarchyValue, {
    nullable: true,
    description:
      'Issue 14: 国密 SM2 or 国际 RSA/ECC, as chosen on the application; the enrollment issues under that CA hierarchy.',
  })
  hierarchy?: CertificateHierarchyValue;

  @Field(() => CertificateApplicationType, {
    nullable: true,
    description: 'RA-5: the suspension, outliving its certificate, that this revocation review was opened for.',
  })
  reviewOf?: CertificateApplicationType | null;

  /** Not a GraphQL field: resolved through the request's loader. */
  reviewOfId?: string | null;

  @Field(() => [WorkflowEventValue], { nullable: true, description: 'The steps the workflow allows next.' })
  nextSteps?: WorkflowEventValue[];

  @Field(() => [ChecklistItemType], { nullable: true, description: 'Required documents and their checks (RA-10).' })
  documents?: ChecklistItemType[];

  @Field(() => ApplicationFeeType, { nullable: true })
  fee?: ApplicationFeeType;

  @Field(() => ArchiveLocationType, { nullable: true })
  archiveLocation?: ArchiveLocationType | null;

  @Field(() => Date, {
    nullable: true,
    description: 'RA-5: when a suspension is released automatically (six months after it took effect).',
  })
  suspensionReleaseDate?: Date | null;
}
