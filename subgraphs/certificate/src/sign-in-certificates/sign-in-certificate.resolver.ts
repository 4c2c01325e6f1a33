import type { GraphContext } from '@tessera/kit';
import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { servicesOf } from '../certificate-services';
import { SignInCertificateInput, SignInSubscriberType } from './sign-in-certificate.type';

@Resolver()
export class SignInCertificateResolver {
  @Query(() => SignInSubscriberType, {
    description:
      'Issue 15, identity only: checks a certificate sign-in (chain to a Tessera issuing CA, live status, validity, digitalSignature, the signature over the challenge) and answers the subscriber.',
  })
  async checkSignInCertificate(
    @Arg('input', () => SignInCertificateInput) input: SignInCertificateInput,
    @Ctx() ctx: GraphContext,
  ): Promise<SignInSubscriberType> {
    return Object.assign(new SignInSubscriberType(), await servicesOf(ctx).signInCertificates.check(input));
  }
}
