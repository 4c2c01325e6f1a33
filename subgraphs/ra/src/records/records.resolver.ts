import { type GraphContext, UUID } from '@tessera/kit';
import { Arg, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { idNumberIndex } from '../applications/id-number';
import { OperationLog } from './operation-log';
import { OperationLogEntry } from './operation-log-entry.entity';

@ObjectType('OperationLogEntry', { description: 'One line of the operation log (RA-14).' })
export class OperationLogEntryType {
  @Field(() => String)
  sequence!: string;

  @Field(() => Date)
  at!: Date;

  @Field(() => String)
  operation!: string;

  @Field(() => ID, { nullable: true })
  applicationId?: string | null;

  @Field(() => String, { nullable: true })
  region?: string | null;

  @Field(() => String)
  project!: string;

  @Field(() => String, { nullable: true })
  businessType?: string | null;

  @Field(() => String, { nullable: true })
  unitName?: string | null;

  @Field(() => String, { nullable: true })
  socialInsuranceNumber?: string | null;

  @Field(() => String, { nullable: true, description: 'RA-14: masked, the first and last four characters.' })
  idNumber?: string | null;

  @Field(() => String)
  maker!: string;

  @Field(() => String, { nullable: true })
  reviewer?: string | null;

  @Field(() => String, { nullable: true, description: 'More about the operation, e.g. why a CA call was settled.' })
  detail?: string | null;

  @Field(() => String)
  hash!: string;
}

@ObjectType('OperationLogVerification', { description: 'The result of walking the hash chain.' })
export class OperationLogVerificationType {
  @Field(() => Boolean)
  intact!: boolean;

  @Field(() => Int)
  checked!: number;

  @Field(() => String, { nullable: true, description: 'The first entry whose hash or link is broken.' })
  firstBrokenSequence?: string | null;
}

const log = new OperationLog();

@Resolver(() => OperationLogEntryType)
export class RecordsResolver {
  @Query(() => [OperationLogEntryType], { description: 'The operation log, newest first (administrators, auditors).' })
  async operationLog(
    @Arg('applicationId', () => UUID, { nullable: true }) applicationId: string | null,
    @Arg('first', () => Int, { defaultValue: 100 }) first: number,
    @Ctx() ctx: GraphContext,
    @Arg('idNumber', () => String, {
      nullable: true,
      description: 'RA-14: the entries of one ID number (found by its keyed hash).',
    })
    idNumber?: string | null,
  ): Promise<OperationLogEntryType[]> {
    const where = {
      ...(applicationId ? { applicationId } : {}),
      ...(idNumber ? { idNumberIndex: idNumberIndex(idNumber) } : {}),
    };
    const rows = await ctx.em.find(OperationLogEntry, where, {
      orderBy: { sequence: 'desc' },
      limit: Math.min(Math.max(first, 1), 500),
    });
    return rows.map((row) =>
      Object.assign(new OperationLogEntryType(), {
        ...row,
        sequence: String(row.sequence),
        idNumber: row.idNumber ?? null,
        detail: row.detail ?? null,
      }),
    );
  }

  @Query(() => OperationLogVerificationType, { description: 'Verify the whole hash chain (RA-14).' })
  async verifyOperationLog(@Ctx() ctx: GraphContext): Promise<OperationLogVerificationType> {
    const result = await log.verify(ctx.em.fork());
    return Object.assign(new OperationLogVerificationType(), {
      ...result,
      firstBrokenSequence: result.firstBrokenSequence ?? null,
    });
  }
}
