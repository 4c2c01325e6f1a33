import type { GraphContext } from '@tessera/kit';
import { Ctx, Int, Mutation, Resolver } from 'type-graphql';
import { servicesOf } from '../identity-services';
import { resealStaleValues } from './key-rotation';

@Resolver()
export class KeyRotationResolver {
  @Mutation(() => Int, {
    description:
      'ID-8: after a key rotation, re-seals personal data and the token-signing keys under the active key; returns how many values.',
  })
  resealPersonalData(@Ctx() ctx: GraphContext): Promise<number> {
    return resealStaleValues(ctx.em, servicesOf(ctx).protector);
  }
}
