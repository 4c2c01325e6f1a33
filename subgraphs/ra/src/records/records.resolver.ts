import { DomainError, type GraphContext, messageFor, UUID } from '@tessera/kit';
import { Arg, Ctx, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { idNumberIndex } from '../applications/id-number';
import { actorOf } from '../workflow/actor';
import { OperationLog } from './operation-log';
import { OperationLogAnchor } from './operation-log-anchor.entity';
import { operationLogAnchoringRuntime } from './operation-log-anchoring';
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

@ObjectType('OperationLogAnchor', {
  description:
    'A time-stamp anchor of the operation log (RA-14, issue 15): an RFC 3161 token of the TSA over the hash of the chain head at `sequence`.',
})
export class OperationLogAnchorType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'The log entry whose hash was stamped (the head then).' })
  sequence!: string;

  @Field(() => String)
  headHash!: string;

  @Field(() => Date, { description: 'The time the TSA stamped (genTime).' })
  genTime!: Date;

  @Field(() => String, { description: "The token's serial number at the TSA (hex)." })
  tsaSerialNumber!: string;

  @Field(() => String, { description: '`scheduled` for the daily job, else who asked.' })
  anchoredBy!: string;

  @Field(() => String, { description: 'The DER token, base64 (`openssl ts -reply -token_in -in … -text`).' })
  token!: string;
}

@ObjectType('OperationLogBrokenAnchor', { description: 'An anchor the chain no longer matches, and why.' })
export class OperationLogBrokenAnchorType {
  @Field(() => ID)
  anchorId!: string;

  @Field(() => String)
  sequence!: string;

  @Field(() => Date)
  genTime!: Date;

  @Field(() => String, { description: 'TIMESTAMP_IMPRINT_MISMATCH (the chain was rewritten), TIMESTAMP_INVALID, …' })
  code!: string;

  @Field(() => String)
  message!: string;
}

@ObjectType('OperationLogVerification', { description: 'The result of walking the hash chain.' })
export class OperationLogVerificationType {
  @Field(() => Boolean, { description: 'Every link holds and every time-stamp anchor matches.' })
  intact!: boolean;

  @Field(() => Int)
  checked!: number;

  @Field(() => String, { nullable: true, description: 'The first entry whose hash or link is broken.' })
  firstBrokenSequence?: string | null;

  @Field(() => Int, { description: 'Time-stamp anchors found valid for the chain as it is.' })
  anchorsChecked!: number;

  @Field(() => OperationLogBrokenAnchorType, {
    nullable: true,
    description:
      'The first anchor that fails: even a rewrite of the whole chain, every hash recomputed, is found here.',
  })
  brokenAnchor?: OperationLogBrokenAnchorType | null;

  @Field(() => Date, { nullable: true, description: 'genTime of the newest anchor checked.' })
  lastAnchoredAt?: Date | null;
}

function anchorView(anchor: OperationLogAnchor): OperationLogAnchorType {
  return Object.assign(new OperationLogAnchorType(), {
    id: anchor.id,
    sequence: String(anchor.sequence),
    headHash: anchor.headHash,
    genTime: anchor.genTime,
    tsaSerialNumber: anchor.tsaSerialNumber,
    anchoredBy: anchor.anchoredBy,
    token: anchor.token.toString('base64'),
  });
}

function anchoring() {
  const found = operationLogAnchoringRuntime.anchoring;
  if (!found) throw new DomainError('SERVICE_UNAVAILABLE');
  return found;
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

  @Query(() => OperationLogVerificationType, {
    description: 'Verify the whole hash chain and its time-stamp anchors (RA-14, issue 15).',
  })
  async verifyOperationLog(@Ctx() ctx: GraphContext): Promise<OperationLogVerificationType> {
    const em = ctx.em.fork();
    // The TSA's issuing CAs, from the certificate subgraph, only when there is an anchor to check.
    const trustAnchors = (await em.count(OperationLogAnchor, {}))
      ? await anchoring().timeStamps.trustAnchors(true)
      : [];
    const result = await log.verify(em, undefined, trustAnchors);
    const broken = result.brokenAnchor;
    return Object.assign(new OperationLogVerificationType(), {
      ...result,
      firstBrokenSequence: result.firstBrokenSequence ?? null,
      lastAnchoredAt: result.lastAnchoredAt ?? null,
      brokenAnchor: broken
        ? Object.assign(new OperationLogBrokenAnchorType(), {
            anchorId: broken.id,
            sequence: broken.sequence,
            genTime: broken.genTime,
            code: broken.code,
            message: messageFor(broken.code, ctx.locale, { problem: broken.problem ?? '' }),
          })
        : null,
    });
  }

  @Query(() => [OperationLogAnchorType], {
    description: 'The time-stamp anchors of the operation log, newest first (administrators, auditors).',
  })
  async operationLogAnchors(
    @Arg('first', () => Int, { defaultValue: 30 }) first: number,
  ): Promise<OperationLogAnchorType[]> {
    return (await anchoring().list(Math.min(Math.max(first, 1), 500))).map(anchorView);
  }

  @Mutation(() => OperationLogAnchorType, {
    nullable: true,
    description:
      'Anchor the head of the operation log now with a time-stamp token of the TSA (administrators, auditors; the daily job does it too); null while the log is empty.',
  })
  async anchorOperationLog(@Ctx() ctx: GraphContext): Promise<OperationLogAnchorType | null> {
    const actor = actorOf(ctx.viewer);
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    const anchor = await anchoring().anchor(actor.id);
    return anchor && anchorView(anchor);
  }
}
