import { IsDateString, IsOptional, IsUUID, Matches, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { WorkflowEventValue } from '../workflow/workflow.type';
import { BusinessTypeValue, CertificateKindValue } from './certificate-application.type';

@InputType({ description: 'A new application, online by the subscriber or at the counter.' })
export class SubmitApplicationInput {
  @Field(() => ID)
  @IsUUID()
  subscriberId!: string;

  @Field(() => BusinessTypeValue)
  businessType!: BusinessTypeValue;

  @Field(() => CertificateKindValue)
  certificateKind!: CertificateKindValue;

  @Field(() => ID, {
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
}

@InputType({ description: 'One workflow step on an application.' })
export class ApplicationStepInput {
  @Field(() => ID)
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

  @Field(() => ID, { nullable: true, description: 'The issued certificate, when issuing.' })
  @IsOptional()
  @IsUUID()
  certificateId?: string | null;
}
