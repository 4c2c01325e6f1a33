import { type GraphContext, isAuthenticated, UUID } from '@tessera/kit';
import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { identityError } from '../errors';
import { servicesOf } from '../identity-services';
import { SignInResultType, SignInStatus } from '../sign-in/sign-in.type';
import { UserType } from '../users/user.type';
import { userView } from '../users/user.view';
import { CertificateChallengeType, CertificateSignInInput, EKeyPinOutcomeType } from './certificate-sign-in.type';

function actorOf(ctx: GraphContext): string {
  if (!isAuthenticated(ctx.viewer)) throw identityError('SESSION_INVALID');
  return ctx.viewer.subject;
}

@Resolver()
export class CertificateSignInResolver {
  @Mutation(() => CertificateChallengeType, {
    description:
      'Issue 15: a challenge for a certificate sign-in; for the single sign-on page, bound to its interaction (`interactionUid`), else to the web sign-in.',
  })
  async issueCertificateChallenge(
    @Arg('interactionUid', () => String, { nullable: true }) interactionUid: string | undefined,
    @Ctx() ctx: GraphContext,
  ): Promise<CertificateChallengeType> {
    const uid = interactionUid && /^[\w-]{1,64}$/.test(interactionUid) ? interactionUid : undefined;
    if (interactionUid && !uid) throw identityError('CERTIFICATE_CHALLENGE_INVALID');
    return Object.assign(new CertificateChallengeType(), await servicesOf(ctx).certificateChallenges.issue(uid));
  }

  @Mutation(() => SignInResultType, {
    description:
      'Issue 15: signs in with a certificate Tessera issued (a person as their account, an insured unit as the unit); the session carries amr ["hwk"].',
  })
  async signInWithCertificate(
    @Arg('input', () => CertificateSignInInput) input: CertificateSignInInput,
    @Ctx() ctx: GraphContext,
  ): Promise<SignInResultType> {
    const signedIn = await servicesOf(ctx).certificateSignIn.signIn({ ...input });
    const { account: _account, ...tokens } = signedIn;
    return Object.assign(new SignInResultType(), { ...tokens, status: SignInStatus.SIGNED_IN });
  }

  @Mutation(() => EKeyPinOutcomeType, {
    description:
      'Issue 15, CT-3: during a certificate sign-in with an EKey, reports a PIN the EKey checked, against a live challenge of the web sign-in (one report per challenge; a wrong PIN spends it). Forwarded to the EKey record: the fifth wrong PIN in a row locks it.',
  })
  async reportCertificateSignInPinAttempt(
    @Arg('challengeId', () => UUID) challengeId: string,
    @Arg('serialNumber', () => String) serialNumber: string,
    @Arg('correct', () => Boolean) correct: boolean,
    @Ctx() ctx: GraphContext,
  ): Promise<EKeyPinOutcomeType> {
    const outcome = await servicesOf(ctx).ekeyPinReports.report({ challengeId, serialNumber, correct });
    return Object.assign(new EKeyPinOutcomeType(), outcome);
  }

  @Query(() => [UserType], {
    description:
      'Issue 15: unit accounts, newest first; `search` matches name, social-insurance number or credit code.',
  })
  async unitAccounts(
    @Arg('search', () => String, { nullable: true }) search: string | undefined,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Ctx() ctx: GraphContext,
  ): Promise<UserType[]> {
    return (await servicesOf(ctx).unitAccounts.list(search, first)).map(userView);
  }

  @Mutation(() => UserType, { description: 'Issue 15: disables a unit account (no sign-in, sessions ended; audited).' })
  async disableUnitAccount(@Arg('id', () => UUID) id: string, @Ctx() ctx: GraphContext): Promise<UserType> {
    return userView(await servicesOf(ctx).unitAccounts.disable(actorOf(ctx), id));
  }

  @Mutation(() => UserType, { description: 'Issue 15: enables a disabled unit account again (audited).' })
  async enableUnitAccount(@Arg('id', () => UUID) id: string, @Ctx() ctx: GraphContext): Promise<UserType> {
    return userView(await servicesOf(ctx).unitAccounts.enable(actorOf(ctx), id));
  }
}
