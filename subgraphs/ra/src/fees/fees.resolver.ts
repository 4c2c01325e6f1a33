import { DomainError, type GraphContext, UUID } from '@tessera/kit';
import { IsOptional, IsUUID, MaxLength, Min } from 'class-validator';
import { Arg, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { CertificateApplication } from '../applications/certificate-application.entity';
import { BusinessTypeValue, CertificateKindValue } from '../applications/certificate-application.type';
import { actorOf } from '../workflow/actor';
import { FeeScheduleEntry } from './fee-schedule-entry.entity';
import { Fees } from './fees';

@ObjectType('FeeScheduleEntry', { description: 'The fee of a business type for a certificate kind (RA-12).' })
export class FeeScheduleEntryType {
  @Field(() => BusinessTypeValue)
  businessType!: BusinessTypeValue;

  @Field(() => CertificateKindValue)
  certificateKind!: CertificateKindValue;

  @Field(() => Int, { description: 'In fen (0.01 yuan).' })
  amountFen!: number;
}

@ObjectType('Payment', { description: 'A fee received for an application.' })
export class PaymentType {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  amountFen!: number;

  @Field(() => String, { description: '`cash` or `transfer`.' })
  method!: string;

  @Field(() => String, { nullable: true })
  voucherReference?: string | null;
}

@InputType()
class RecordPaymentInput {
  @Field(() => UUID)
  @IsUUID()
  applicationId!: string;

  @Field(() => Int)
  @Min(1)
  amountFen!: number;

  @Field(() => String, { description: '`cash` or `transfer`.' })
  method!: string;

  @Field(() => String, { nullable: true, description: 'Required for a transfer: the voucher copy brought in (RA-12).' })
  @IsOptional()
  @MaxLength(100)
  voucherReference?: string | null;
}

const fees = new Fees();

function staffId(ctx: GraphContext): string {
  const actor = actorOf(ctx.viewer);
  if (!actor) throw new DomainError('UNAUTHENTICATED');
  return actor.id;
}

function entryView(entry: FeeScheduleEntry): FeeScheduleEntryType {
  return Object.assign(new FeeScheduleEntryType(), {
    businessType: entry.businessType as BusinessTypeValue,
    certificateKind: entry.certificateKind as CertificateKindValue,
    amountFen: entry.amountFen,
  });
}

@Resolver(() => FeeScheduleEntryType)
export class FeesResolver {
  @Query(() => [FeeScheduleEntryType], { description: 'The current fee schedule.' })
  async feeSchedule(@Ctx() ctx: GraphContext): Promise<FeeScheduleEntryType[]> {
    const rows = await ctx.em.find(FeeScheduleEntry, {}, { orderBy: { businessType: 'asc', certificateKind: 'asc' } });
    return rows.map(entryView);
  }

  @Mutation(() => FeeScheduleEntryType, { description: 'Set a fee (administrators).' })
  async setFee(
    @Arg('businessType', () => BusinessTypeValue) businessType: BusinessTypeValue,
    @Arg('certificateKind', () => CertificateKindValue) certificateKind: CertificateKindValue,
    @Arg('amountFen', () => Int) amountFen: number,
    @Ctx() ctx: GraphContext,
  ) {
    return entryView(await fees.setFee(ctx.em, { businessType, certificateKind, amountFen }, staffId(ctx)));
  }

  @Mutation(() => PaymentType, { description: 'Record a fee received (entry clerk).' })
  async recordPayment(@Arg('input') input: RecordPaymentInput, @Ctx() ctx: GraphContext) {
    if (input.method !== 'cash' && input.method !== 'transfer')
      throw new DomainError('BAD_USER_INPUT', { detail: 'method' });
    const application = await ctx.em.findOne(CertificateApplication, { id: input.applicationId });
    if (!application) throw new DomainError('APPLICATION_NOT_FOUND');
    const payment = fees.record(ctx.em, application, { ...input, method: input.method }, staffId(ctx));
    await ctx.em.flush();
    return Object.assign(new PaymentType(), {
      id: payment.id,
      amountFen: payment.amountFen,
      method: payment.method,
      voucherReference: payment.voucherReference ?? null,
    });
  }
}
