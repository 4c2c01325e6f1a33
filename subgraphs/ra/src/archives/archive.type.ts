import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CertificateApplicationType } from '../applications/certificate-application.type';

export enum ArchiveSeriesValue {
  NEW = 'new',
  RENEWAL = 'renewal',
  SERVICE = 'service',
}
registerEnumType(ArchiveSeriesValue, {
  name: 'ArchiveSeries',
  description: 'Which boxes a paper file goes into: new issuance (100 a box), renewal (150), other business (150).',
});

@ObjectType('ArchiveBoxLabel', { description: 'What the printed label of a box says (RA-16).' })
export class ArchiveBoxLabelType {
  @Field(() => String, { description: 'Series, number and cabinet, e.g. `新制-0001 (柜 1)`.' })
  title!: string;

  @Field(() => String, { description: 'The series as written on the box.' })
  series!: string;

  @Field(() => Int)
  box!: number;

  @Field(() => Int)
  cabinet!: number;

  @Field(() => Int)
  fileCount!: number;

  @Field(() => Int)
  capacity!: number;

  @Field(() => String, { nullable: true, description: 'The first social-insurance number in the box.' })
  firstSocialInsuranceNumber!: string | null;

  @Field(() => String, { nullable: true, description: 'The last social-insurance number in the box.' })
  lastSocialInsuranceNumber!: string | null;

  @Field(() => Date, { nullable: true })
  firstArchivedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  lastArchivedAt!: Date | null;
}

@ObjectType('ArchiveBox', { description: 'A box of paper files in a numbered cabinet (RA-16).' })
export class ArchiveBoxType {
  @Field(() => ID)
  id!: string;

  @Field(() => ArchiveSeriesValue)
  series!: ArchiveSeriesValue;

  @Field(() => Int, { description: 'Number within its series, from 1.' })
  number!: number;

  @Field(() => Int)
  cabinet!: number;

  @Field(() => Int)
  capacity!: number;

  @Field(() => Int)
  fileCount!: number;

  @Field(() => String, { description: 'Series, number and cabinet, e.g. `新制-0001 (柜 1)`.' })
  label!: string;

  @Field(() => Date)
  createdAt!: Date;
}

@ObjectType('ArchivedFile', { description: 'The paper file of one application, in its box (RA-16).' })
export class ArchivedFileType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  socialInsuranceNumber!: string;

  @Field(() => String, { description: 'The archive clerk who boxed it.' })
  archivedBy!: string;

  @Field(() => Date)
  archivedAt!: Date;

  @Field(() => CertificateApplicationType, { nullable: true })
  application?: CertificateApplicationType | null;

  /** Not a GraphQL field: resolved through the request's loader. */
  applicationId!: string;

  @Field(() => ArchiveBoxType)
  box!: ArchiveBoxType;
}

@ObjectType('ArchiveCabinet', { description: 'A numbered cabinet and its boxes, of one series (RA-16).' })
export class ArchiveCabinetType {
  @Field(() => ArchiveSeriesValue)
  series!: ArchiveSeriesValue;

  @Field(() => Int)
  number!: number;

  @Field(() => [ArchiveBoxType], { description: 'By number.' })
  boxes!: ArchiveBoxType[];
}
