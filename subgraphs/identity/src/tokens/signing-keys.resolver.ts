import { type GraphContext, isAuthenticated } from '@tessera/kit';
import { Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { identityError } from '../errors';
import { servicesOf } from '../identity-services';
import type { SigningKey } from './signing-key.entity';
import { SigningKeyStatusType } from './signing-key.type';

const statusOf = (key: SigningKey): SigningKeyStatusType =>
  Object.assign(new SigningKeyStatusType(), {
    kid: key.kid,
    state: key.state,
    publishedAt: key.createdAt,
    activatesAt: key.activateAt,
    retiringSince: key.retiringAt ?? null,
    retiredAt: key.retiredAt ?? null,
  });

@Resolver(() => SigningKeyStatusType)
export class SigningKeysResolver {
  @Query(() => [SigningKeyStatusType], { description: 'The keys that sign access tokens, newest first.' })
  async signingKeys(@Ctx() ctx: GraphContext): Promise<SigningKeyStatusType[]> {
    return (await servicesOf(ctx).tokens.keys.list()).map(statusOf);
  }

  @Mutation(() => SigningKeyStatusType, {
    description:
      'Publishes a new signing key now; it signs once every verifier has fetched it (the pre-publication period), and the current key retires when its last token has expired. Audited.',
  })
  async rotateSigningKey(@Ctx() ctx: GraphContext): Promise<SigningKeyStatusType> {
    if (!isAuthenticated(ctx.viewer)) throw identityError('SESSION_INVALID');
    const services = servicesOf(ctx);
    const rotation = await services.tokens.keys.rotate();
    if (rotation.published) {
      await services.userManagement.record(ctx.viewer.subject, 'rotate_signing_key', undefined, rotation.kid);
    }
    const keys = await services.tokens.keys.list();
    return statusOf(keys.find((k) => k.kid === rotation.kid) as SigningKey);
  }
}
