import { type GraphContext, isAuthenticated } from '@tessera/kit';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { identityError } from '../errors';
import { servicesOf } from '../identity-services';
import { userView } from '../users/user.view';
import { CreatedStaffAccountType, StaffAccountInput } from './staff.type';

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
}
