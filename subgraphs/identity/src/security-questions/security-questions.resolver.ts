import type { GraphContext } from '@tessera/kit';
import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { identityError } from '../errors';
import { servicesOf } from '../identity-services';
import { securityQuestions } from './question-catalogue';
import { SecurityAnswerInput, SecurityQuestionType } from './security-questions.type';

/** The catalogue questions with these ids, in the caller's language. */
export function questionViews(ctx: GraphContext, ids?: readonly string[]): SecurityQuestionType[] {
  return securityQuestions
    .filter((q) => !ids || ids.includes(q.id))
    .map((q) => Object.assign(new SecurityQuestionType(), { id: q.id, text: q.text[ctx.locale] }));
}

@Resolver(() => SecurityQuestionType)
export class SecurityQuestionsResolver {
  @Query(() => [SecurityQuestionType], { description: 'The questions a user may choose (ID-16).' })
  securityQuestionCatalogue(@Ctx() ctx: GraphContext): SecurityQuestionType[] {
    return questionViews(ctx);
  }

  @Query(() => [SecurityQuestionType], { description: 'The questions the signed-in citizen has answered.' })
  async mySecurityQuestions(@Ctx() ctx: GraphContext): Promise<SecurityQuestionType[]> {
    if (ctx.viewer.kind !== 'citizen') throw identityError('SESSION_INVALID');
    return questionViews(ctx, await servicesOf(ctx).securityQuestions.questionsOf(ctx.viewer.subject));
  }

  @Mutation(() => Boolean, { description: 'Replaces the citizen’s security answers (at least three).' })
  async setSecurityAnswers(
    @Arg('answers', () => [SecurityAnswerInput]) answers: SecurityAnswerInput[],
    @Ctx() ctx: GraphContext,
  ): Promise<boolean> {
    if (ctx.viewer.kind !== 'citizen') throw identityError('SESSION_INVALID');
    await servicesOf(ctx).securityQuestions.set(ctx.viewer.subject, answers);
    return true;
  }
}
