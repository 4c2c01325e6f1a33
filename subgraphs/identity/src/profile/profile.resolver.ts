import { type GraphContext, UUID } from '@tessera/kit';
import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { identityError } from '../errors';
import { servicesOf } from '../identity-services';
import { codeRequestView, SmsCodeRequestType } from '../sms/sms-delivery.type';
import { User } from '../users/user.entity';
import { UserType } from '../users/user.type';
import { userView } from '../users/user.view';
import { ProfileChangeInput } from './profile.type';

function citizenOf(ctx: GraphContext): string {
  if (ctx.viewer.kind !== 'citizen') throw identityError('SESSION_INVALID');
  return ctx.viewer.subject;
}

@Resolver(() => UserType)
export class ProfileResolver {
  @Mutation(() => SmsCodeRequestType, {
    description:
      'ID-12: bank check of the new data, then a code to the new phone. Answers the change id and the delivery (ID-9).',
  })
  async requestProfileChangeCode(
    @Arg('input', () => ProfileChangeInput) input: ProfileChangeInput,
    @Ctx() ctx: GraphContext,
  ): Promise<SmsCodeRequestType> {
    return codeRequestView(
      await servicesOf(ctx).profile.requestChange(citizenOf(ctx), { ...input }, ctx.clientAddress),
    );
  }

  @Mutation(() => ID, {
    description: 'ID-12: bank check of the new data, then a code to the new phone.',
    deprecationReason: 'Use requestProfileChangeCode: it also answers the delivery status (ID-9).',
  })
  async requestProfileChange(
    @Arg('input', () => ProfileChangeInput) input: ProfileChangeInput,
    @Ctx() ctx: GraphContext,
  ): Promise<string> {
    return (await servicesOf(ctx).profile.requestChange(citizenOf(ctx), { ...input }, ctx.clientAddress)).id;
  }

  @Mutation(() => UserType, { description: 'ID-12: the SMS code; the change is saved.' })
  async confirmProfileChange(
    @Arg('changeId', () => UUID) changeId: string,
    @Arg('code', () => String) code: string,
    @Ctx() ctx: GraphContext,
  ): Promise<UserType> {
    const userId = citizenOf(ctx);
    await servicesOf(ctx).profile.confirmChange(userId, changeId, code);
    return userView(await ctx.em.findOneOrFail(User, { id: userId }));
  }
}
