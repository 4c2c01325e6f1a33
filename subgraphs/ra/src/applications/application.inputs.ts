import { CertificateHierarchyValue, maxDnsNames, RevocationReasonValue, UUID } from '@tessera/kit';
import { ArrayMaxSize, IsDateString, IsOptional, IsUUID, Matches, MaxLength, Min } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { WorkflowEventValue } from '../workflow/workflow.type';
import { BusinessTypeValue, CertificateKindValue } from './certificate-application.type';

@InputType({ description: 'A new application, online by the subscriber or at the counter.' })
export class SubmitApplicationInput {
  @Field(() => UUID)
  @IsUUID()
  subscriberId!: string;

  @Field(() => BusinessTypeValue)
  businessType!: BusinessTypeValue;

  @Field(() => CertificateKindValue)
  certificateKind!: CertificateKindValue;

  @Field(() => UUID, {
    nullable: true,
    description:
      'The certificate a revocation, suspension or release acts on, or the lost one a reissue replaces (RA-7).',
  })
  @IsOptional()
  @IsUUID()
  certificateId?: string | null;

  @Field(() => String, { nullable: true, description: 'The serial number of the locked EKey an unlock resets (RA-6).' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9-]{4,64}$/)
  mediumSerialNumber?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "RA-14: the ID number of the applicant (a person) or of the unit's officer; required, kept sealed and shown masked.",
  })
  @IsOptional()
  @MaxLength(40)
  idNumber?: string | null;

  @Field(() => String, { nullable: true, description: 'EKey purchase date (YYYY-MM-DD), for damaged-key replacement.' })
  @IsOptional()
  @IsDateString({ strict: true })
  mediumPurchasedOn?: string | null;

  @Field(() => [String], {
    nullable: true,
    description:
      'CT-1: the DNS names of a server certificate (required for one, refused for others); internationalised names are stored as punycode, wildcards are refused.',
  })
  @IsOptional()
  @ArrayMaxSize(maxDnsNames)
  dnsNames?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The subscriber's email address for the certificate (rfc822Name); without one it does not protect email.",
  })
  @IsOptional()
  @MaxLength(254)
  email?: string | null;

  @Field(() => RevocationReasonValue, {
    nullable: true,
    description: 'RA-4: why the certificate is revoked (revocations only; UNSPECIFIED when not given).',
  })
  @IsOptional()
  revocationReason?: RevocationReasonValue | null;

  @Field(() => CertificateHierarchyValue, {
    nullable: true,
    description:
      'Issue 14: 国密 SM2 or 国际 RSA/ECC (INTERNATIONAL when not given): the certificate is issued under that CA hierarchy, and the CSR must be of its family.',
  })
  @IsOptional()
  hierarchy?: CertificateHierarchyValue | null;
}

@InputType({ description: 'One workflow step on an application.' })
export class ApplicationStepInput {
  @Field(() => UUID)
  @IsUUID()
  applicationId!: string;

  @Field(() => WorkflowEventValue)
  event!: WorkflowEventValue;

  @Field(() => Int, { description: 'The version the clerk is looking at.' })
  @Min(1)
  expectedVersion!: number;

  @Field(() => String, { nullable: true, description: 'Required when refusing (RA-9).' })
  @IsOptional()
  @MaxLength(2000)
  reason?: string | null;

  @Field(() => UUID, { nullable: true, description: 'The issued certificate, when issuing.' })
  @IsOptional()
  @IsUUID()
  certificateId?: string | null;
}
