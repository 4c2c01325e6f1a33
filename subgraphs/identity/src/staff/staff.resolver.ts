import { type GraphContext, isAuthenticated, UUID } from '@tessera/kit';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { identityError } from '../errors';
import { servicesOf } from '../identity-services';
import { userView } from '../users/user.view';
import { CreatedStaffAccountType, StaffAccountInput, StaffPasswordResetType } from './staff.type';

@Resolver(() => CreatedStaffAccountType)
export class StaffResolver {
  @Mutation(() => CreatedStaffAccountType, { description: 'Administrators create staff accounts with their roles.' })
  async createStaffAccount(
    @Arg('input', () => StaffAccountInput) input: StaffAccountInput,
    @Ctx() ctx: GraphContext,
  ): Promise<CreatedStaffAccountType> {
    if (!isAuthenticated(ctx.viewer)) throw identityError('SESSION_INVALID');
    const created = await servicesOf(ctx).staffAccounts.create(ctx.viewer.subject, input);
    return Object.assign(new CreatedStaffAccountType(), { ...created, user: userView(created.user) });
  }

  @Mutation(() => StaffPasswordResetType, {
    description:
      'ID-18: administrators reset a staff member’s password to a temporary one (and, optionally, the second factor); every session ends.',
  })
  async resetStaffPassword(
    @Arg('userId', () => UUID) userId: string,
    @Arg('newSecondFactor', () => Boolean, { defaultValue: false }) newSecondFactor: boolean,
    @Ctx() ctx: GraphContext,
  ): Promise<StaffPasswordResetType> {
    if (!isAuthenticated(ctx.viewer)) throw identityError('SESSION_INVALID');
    const reset = await servicesOf(ctx).temporaryPasswords.reset(ctx.viewer.subject, userId, newSecondFactor);
    return Object.assign(new StaffPasswordResetType(), { ...reset, user: userView(reset.user) });
  }
}
