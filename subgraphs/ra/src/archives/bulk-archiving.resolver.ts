import { DomainError, type GraphContext, UUID } from '@tessera/kit';
import { ArrayMaxSize, ArrayMinSize, IsInt, IsUUID, ValidateNested } from 'class-validator';
import { Arg, Ctx, Field, InputType, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import { CertificateApplicationType } from '../applications/certificate-application.type';
import { applicationView } from '../applications/certificate-application.view';
import { actorOf } from '../workflow/actor';
import { BulkArchiving, maxBulkArchive } from './bulk-archiving';

@InputType()
class ArchiveRequestInput {
  @Field(() => UUID)
  @IsUUID()
  applicationId!: string;

  @Field(() => Int, { description: 'The version the clerk saw (a file moved since is refused with CONFLICT).' })
  @IsInt()
  expectedVersion!: number;
}

@InputType()
class ArchiveApplicationsInput {
  @Field(() => [ArchiveRequestInput], { description: `1 to ${maxBulkArchive} applications, filed in this order.` })
  @ArrayMinSize(1)
  @ArrayMaxSize(maxBulkArchive)
  @ValidateNested()
  applications!: ArchiveRequestInput[];
}

@ObjectType('ItemError', { description: 'Why one item of a bulk request failed, in the caller’s language.' })
class ItemErrorType {
  @Field(() => String, { description: 'The error catalogue’s code, as `extensions.code` would carry it.' })
  code!: string;

  @Field(() => String)
  message!: string;
}

@ObjectType('ArchiveOutcome', { description: 'What archiving one application of a bulk request did.' })
class ArchiveOutcomeType {
  @Field(() => UUID)
  applicationId!: string;

  @Field(() => CertificateApplicationType, {
    nullable: true,
    description: 'The archived application; null if it failed.',
  })
  application?: CertificateApplicationType;

  @Field(() => ItemErrorType, { nullable: true, description: 'Why it was not archived; null if it was.' })
  error?: ItemErrorType;
}

const bulk = new BulkArchiving();

@Resolver(() => ArchiveOutcomeType)
export class BulkArchivingResolver {
  @Mutation(() => [ArchiveOutcomeType], {
    description:
      'Issue 17 item 7: archive several delivered or executed applications in one act (RA-16), each its own logged step (RA-14); one that fails is reported in its outcome and the others are archived (archive clerk).',
  })
  async archiveApplications(
    @Arg('input') input: ArchiveApplicationsInput,
    @Ctx() ctx: GraphContext,
  ): Promise<ArchiveOutcomeType[]> {
    const actor = actorOf(ctx.viewer);
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    const outcomes = await bulk.archive(ctx.em, input.applications, actor, ctx.locale, ctx.log);
    return outcomes.map((outcome) =>
      Object.assign(new ArchiveOutcomeType(), {
        applicationId: outcome.applicationId,
        application: outcome.application && applicationView(outcome.application),
        error: outcome.error && Object.assign(new ItemErrorType(), outcome.error),
      }),
    );
  }
}
