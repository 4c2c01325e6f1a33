import { type GraphContext, isAuthenticated, UUID } from '@tessera/kit';
import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { identityError } from '../errors';
import { servicesOf } from '../identity-services';
import type { BackchannelLogout } from './backchannel-logout.entity';
import type { LogoutState } from './backchannel-logouts';
import { IssuedToken } from './issued-token.entity';
import { BackchannelLogoutState, BackchannelLogoutType, IssuedTokenType } from './single-sign-on.type';

const viewOf = (logout: BackchannelLogout): BackchannelLogoutType =>
  Object.assign(new BackchannelLogoutType(), {
    id: logout.id,
    systemCode: logout.systemCode,
    reason: logout.reason,
    state: logout.deliveredAt
      ? BackchannelLogoutState.DELIVERED
      : logout.abandonedAt
        ? BackchannelLogoutState.ABANDONED
        : BackchannelLogoutState.PENDING,
    attempts: logout.attempts,
    createdAt: logout.createdAt,
    nextAttemptAt: logout.deliveredAt || logout.abandonedAt ? null : logout.nextAttemptAt,
    deliveredAt: logout.deliveredAt ?? null,
    lastError: logout.lastError ?? null,
  });

function singleSignOn(ctx: GraphContext) {
  const sso = servicesOf(ctx).singleSignOn;
  if (!sso) throw new Error('single sign-on is not started');
  return sso;
}

/** What administrators and auditors see of single sign-on: the logout outbox and the tokens issued. */
@Resolver()
export class SingleSignOnResolver {
  @Query(() => [BackchannelLogoutType], {
    description: 'Back-channel logouts, newest first: pending (retrying), delivered, abandoned (issue 12).',
  })
  async backchannelLogouts(
    @Arg('state', () => BackchannelLogoutState, { nullable: true }) state: BackchannelLogoutState | undefined,
    @Arg('systemCode', () => String, { nullable: true }) systemCode: string | undefined,
    @Arg('limit', () => Int, { nullable: true }) limit: number | undefined,
    @Ctx() ctx: GraphContext,
  ): Promise<BackchannelLogoutType[]> {
    return (
      await singleSignOn(ctx).logouts.list(
        { state: state && (state.toLowerCase() as LogoutState), systemCode },
        limit ?? 100,
      )
    ).map(viewOf);
  }

  @Mutation(() => BackchannelLogoutType, {
    description: 'Tries an undelivered back-channel logout again now. Audited.',
  })
  async retryBackchannelLogout(
    @Arg('id', () => UUID) id: string,
    @Ctx() ctx: GraphContext,
  ): Promise<BackchannelLogoutType> {
    if (!isAuthenticated(ctx.viewer)) throw identityError('SESSION_INVALID');
    const logout = await singleSignOn(ctx).logouts.retry(id);
    if (!logout) throw identityError('SSO_REQUEST_INVALID');
    await servicesOf(ctx).userManagement.record(
      ctx.viewer.subject,
      'retry_backchannel_logout',
      undefined,
      logout.systemCode,
    );
    return viewOf(logout);
  }

  @Query(() => [IssuedTokenType], { description: 'Token responses to one business system, newest first (audit).' })
  async issuedSystemTokens(
    @Arg('systemCode', () => String) systemCode: string,
    @Arg('limit', () => Int, { nullable: true }) limit: number | undefined,
    @Ctx() ctx: GraphContext,
  ): Promise<IssuedTokenType[]> {
    const rows = await ctx.em
      .fork()
      .find(
        IssuedToken,
        { systemCode },
        { orderBy: { issuedAt: 'desc' }, limit: Math.min(Math.max(limit ?? 100, 1), 500) },
      );
    return rows.map((row) => Object.assign(new IssuedTokenType(), row));
  }
}
