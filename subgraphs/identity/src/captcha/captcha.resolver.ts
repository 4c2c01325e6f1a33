import type { GraphContext } from '@tessera/kit';
import { Ctx, Mutation, Resolver } from 'type-graphql';
import { servicesOf } from '../identity-services';
import { CaptchaType } from './captcha.type';

@Resolver(() => CaptchaType)
export class CaptchaResolver {
  @Mutation(() => CaptchaType, {
    description: 'Issues a new captcha: single use, valid for two minutes. Nothing is stored until it is answered.',
  })
  async issueCaptcha(@Ctx() ctx: GraphContext): Promise<CaptchaType> {
    return Object.assign(new CaptchaType(), await servicesOf(ctx).captcha.issue());
  }
}
