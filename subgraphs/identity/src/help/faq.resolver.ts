import type { GraphContext, Locale } from '@tessera/kit';
import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { faq } from './faq';
import { FaqEntryType } from './faq.type';

@Resolver(() => FaqEntryType)
export class FaqResolver {
  @Query(() => [FaqEntryType], { description: 'The help answers (ID-19); `locale` overrides Accept-Language.' })
  faq(
    @Arg('locale', () => String, { nullable: true }) locale: string | null,
    @Ctx() ctx: GraphContext,
  ): FaqEntryType[] {
    const chosen: Locale = locale === 'en' || locale === 'zh-CN' ? locale : ctx.locale;
    return faq.map((entry) =>
      Object.assign(new FaqEntryType(), {
        id: entry.id,
        question: entry.question[chosen],
        answer: entry.answer[chosen],
      }),
    );
  }
}
