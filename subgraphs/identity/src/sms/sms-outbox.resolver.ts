import type { GraphContext } from '@tessera/kit';
import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { servicesOf } from '../identity-services';
import { SmsLimitsType } from './sms-delivery.type';
import { OutboxSmsType } from './sms-outbox.type';

@Resolver(() => OutboxSmsType)
export class SmsOutboxResolver {
  @Query(() => [OutboxSmsType], { description: 'The newest text messages of the outbox (administrators).' })
  async smsOutbox(
    @Arg('limit', () => Int, { defaultValue: 50 }) limit: number,
    @Ctx() ctx: GraphContext,
  ): Promise<OutboxSmsType[]> {
    const entries = await servicesOf(ctx).outbox.list(ctx.em, Math.min(Math.max(limit, 1), 500));
    return entries.map((entry) => Object.assign(new OutboxSmsType(), entry));
  }

  @Query(() => SmsLimitsType, {
    description: 'The limits on texting one phone (ID-9): public, told before the captcha.',
  })
  smsLimits(@Ctx() ctx: GraphContext): SmsLimitsType {
    const { phoneIntervalSeconds, phonePerDay } = servicesOf(ctx).outbox.limits;
    return Object.assign(new SmsLimitsType(), { phoneIntervalSeconds, phonePerDay });
  }
}
