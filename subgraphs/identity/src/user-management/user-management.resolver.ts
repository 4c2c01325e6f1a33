import { type GraphContext, isAuthenticated, UUID } from '@tessera/kit';
import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { identityError } from '../errors';
import { servicesOf } from '../identity-services';
import { UserType } from '../users/user.type';
import { userView } from '../users/user.view';
import {
  AdminActionRecordType,
  SignInRecordType,
  UserSearchInput,
  VerificationRecordType,
} from './user-management.type';

function actorOf(ctx: GraphContext): string {
  if (!isAuthenticated(ctx.viewer)) throw identityError('SESSION_INVALID');
  return ctx.viewer.subject;
}

@Resolver(() => UserType)
export class UserManagementResolver {
  @Query(() => [UserType], { description: 'ID-18: search users by exact username, name, phone or ID number.' })
  async searchUsers(
    @Arg('input', () => UserSearchInput) input: UserSearchInput,
    @Ctx() ctx: GraphContext,
  ): Promise<UserType[]> {
    return (await servicesOf(ctx).userManagement.search(actorOf(ctx), { ...input })).map(userView);
  }

  @Query(() => [SignInRecordType], { description: 'ID-18: the last sign-ins of a user.' })
  async userSignIns(@Arg('userId', () => UUID) userId: string, @Ctx() ctx: GraphContext): Promise<SignInRecordType[]> {
    const { signIns } = await servicesOf(ctx).userManagement.history(actorOf(ctx), userId);
    return signIns.map(({ at, method, outcome }) => Object.assign(new SignInRecordType(), { at, method, outcome }));
  }

  @Query(() => [VerificationRecordType], { description: 'ID-18: the bank checks of a user.' })
  async userVerifications(
    @Arg('userId', () => UUID) userId: string,
    @Ctx() ctx: GraphContext,
  ): Promise<VerificationRecordType[]> {
    const { verifications } = await servicesOf(ctx).userManagement.history(actorOf(ctx), userId);
    return verifications.map(({ at, reason, bankCode, outcome }) =>
      Object.assign(new VerificationRecordType(), { at, reason, bankCode, outcome }),
    );
  }

  @Query(() => [AdminActionRecordType], { description: 'ID-18: the management actions taken on a user.' })
  async userAdminActions(
    @Arg('userId', () => UUID) userId: string,
    @Ctx() ctx: GraphContext,
  ): Promise<AdminActionRecordType[]> {
    const actions = await servicesOf(ctx).userManagement.actionsOn(userId);
    return actions.map(({ id, actorId, action, detail, at }) =>
      Object.assign(new AdminActionRecordType(), { id, actorId, action, detail, at }),
    );
  }

  @Mutation(() => UserType, { description: 'ID-18: locks an account and ends its sessions.' })
  async lockUser(@Arg('userId', () => UUID) userId: string, @Ctx() ctx: GraphContext): Promise<UserType> {
    return userView(await servicesOf(ctx).userManagement.lock(actorOf(ctx), userId));
  }

  @Mutation(() => UserType, { description: 'ID-18: unlocks an account.' })
  async unlockUser(@Arg('userId', () => UUID) userId: string, @Ctx() ctx: GraphContext): Promise<UserType> {
    return userView(await servicesOf(ctx).userManagement.unlock(actorOf(ctx), userId));
  }

  @Mutation(() => UserType, { description: 'ID-18: the user must set a new password (by recovery) before signing in.' })
  async forcePasswordReset(@Arg('userId', () => UUID) userId: string, @Ctx() ctx: GraphContext): Promise<UserType> {
    return userView(await servicesOf(ctx).userManagement.forcePasswordReset(actorOf(ctx), userId));
  }

  @Mutation(() => Int, { description: 'ID-18: ends every session of a user; returns how many.' })
  endUserSessions(@Arg('userId', () => UUID) userId: string, @Ctx() ctx: GraphContext): Promise<number> {
    return servicesOf(ctx).userManagement.endSessions(actorOf(ctx), userId);
  }
}
