import { type GraphContext, isAuthenticated, UUID } from '@tessera/kit';
import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { identityError } from '../errors';
import { servicesOf } from '../identity-services';
import type { SessionTokens } from '../sessions/session-service';
import { systemsOfSessions } from '../sessions/session-systems';
import { User } from '../users/user.entity';
import {
  ChangePasswordInput,
  LegacyIdSignInType,
  LegacySignInInput,
  SessionSystemType,
  SessionType,
  SignInInput,
  SignInResultType,
  SignInStatus,
  TemporaryPasswordChangeInput,
} from './sign-in.type';
import type { SignInOutcome } from './sign-in-service';

function result(outcome: SignInOutcome | SessionTokens): SignInResultType {
  return Object.assign(new SignInResultType(), { status: SignInStatus.SIGNED_IN, ...outcome });
}

function viewerOf(ctx: GraphContext) {
  if (!isAuthenticated(ctx.viewer)) throw identityError('SESSION_INVALID');
  return ctx.viewer;
}

@Resolver(() => SessionType)
export class SignInResolver {
  @Mutation(() => SignInResultType, { description: 'Username + password + captcha (ID-10).' })
  async signIn(
    @Arg('input', () => SignInInput) input: SignInInput,
    @Ctx() ctx: GraphContext,
  ): Promise<SignInResultType> {
    return result(await servicesOf(ctx).signIn.signIn(input));
  }

  @Query(() => LegacyIdSignInType, {
    description: 'Whether sign-in by ID number is still open, and until when (ID-11): public, asked before sign-in.',
  })
  legacyIdSignIn(@Ctx() ctx: GraphContext): LegacyIdSignInType {
    return Object.assign(new LegacyIdSignInType(), servicesOf(ctx).signIn.legacyIdSignIn());
  }

  @Mutation(() => SignInResultType, {
    description: 'ID number + password + captcha, until LEGACY_ID_LOGIN_UNTIL (ID-11).',
  })
  async signInByIdNumber(
    @Arg('input', () => LegacySignInInput) input: LegacySignInInput,
    @Ctx() ctx: GraphContext,
  ): Promise<SignInResultType> {
    return result(await servicesOf(ctx).signIn.signInByIdNumber(input));
  }

  @Mutation(() => SignInResultType, {
    description: 'Staff after a sign-in with a temporary password (ID-18): sets the new password and signs in.',
  })
  async changeTemporaryPassword(
    @Arg('input', () => TemporaryPasswordChangeInput) input: TemporaryPasswordChangeInput,
    @Ctx() ctx: GraphContext,
  ): Promise<SignInResultType> {
    return result(await servicesOf(ctx).temporaryPasswords.complete(input));
  }

  @Mutation(() => SignInResultType, { description: 'Swaps a refresh token for new tokens.' })
  async refreshSession(
    @Arg('refreshToken', () => String) refreshToken: string,
    @Ctx() ctx: GraphContext,
  ): Promise<SignInResultType> {
    const services = servicesOf(ctx);
    return result(await services.sessions.refresh(refreshToken, (id) => ctx.em.findOne(User, { id })));
  }

  @Mutation(() => Boolean, { description: 'Ends the session of the token making the request.' })
  async signOut(@Ctx() ctx: GraphContext): Promise<boolean> {
    const viewer = viewerOf(ctx);
    return !!viewer.sessionId && servicesOf(ctx).sessions.revoke(viewer.subject, viewer.sessionId, 'signed out');
  }

  @Query(() => [SessionType], { description: "The viewer's open sessions." })
  async mySessions(@Ctx() ctx: GraphContext): Promise<SessionType[]> {
    const viewer = viewerOf(ctx);
    const sessions = await servicesOf(ctx).sessions.list(viewer.subject);
    return sessions.map(({ id, method, createdAt, lastUsedAt, expiresAt }) =>
      Object.assign(new SessionType(), {
        id,
        method,
        createdAt,
        lastUsedAt,
        expiresAt,
        current: id === viewer.sessionId,
      }),
    );
  }

  @FieldResolver(() => [SessionSystemType], {
    description: 'The business systems this session is signed in to (single sign-on), oldest first.',
  })
  systems(@Root() session: SessionType, @Ctx() ctx: GraphContext): Promise<SessionSystemType[]> {
    return ctx.loaders.batched('session-systems', (ids) => systemsOfSessions(ctx.em, ids)).load(session.id);
  }

  @Mutation(() => Boolean, { description: 'Ends one of the viewer’s sessions.' })
  async endMySession(@Arg('id', () => UUID) id: string, @Ctx() ctx: GraphContext): Promise<boolean> {
    const viewer = viewerOf(ctx);
    return /^[0-9a-f-]{36}$/.test(id) && servicesOf(ctx).sessions.revoke(viewer.subject, id, 'ended by user');
  }

  @Mutation(() => Boolean, { description: 'ID-15: changes the password; every session ends, sign in again.' })
  async changePassword(
    @Arg('input', () => ChangePasswordInput) input: ChangePasswordInput,
    @Ctx() ctx: GraphContext,
  ): Promise<boolean> {
    await servicesOf(ctx).passwordChange.change(viewerOf(ctx).subject, input);
    return true;
  }
}
