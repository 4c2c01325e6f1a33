import { type GraphContext, UUID } from '@tessera/kit';
import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { servicesOf } from '../identity-services';
import { questionViews } from '../security-questions/security-questions.resolver';
import { SecurityAnswerInput } from '../security-questions/security-questions.type';
import { codeRequestView, deliveryView, SmsCodeRequestType, SmsDeliveryType } from '../sms/sms-delivery.type';
import { PasswordRecoveryInput, PasswordRecoveryType, UsernameRecoveryInput } from './recovery.type';

/** Answers are the same whether the data matched an account: true means "done if it matched". */
@Resolver(() => PasswordRecoveryType)
export class RecoveryResolver {
  @Mutation(() => SmsCodeRequestType, {
    description:
      'ID-13: identity data + captcha; a code goes to the registered phone. Answers the flow id and the delivery (ID-9).',
  })
  async requestUsernameRecoveryCode(
    @Arg('input', () => UsernameRecoveryInput) input: UsernameRecoveryInput,
    @Ctx() ctx: GraphContext,
  ): Promise<SmsCodeRequestType> {
    return codeRequestView(await servicesOf(ctx).usernameRecovery.start(input, ctx.clientAddress));
  }

  @Mutation(() => ID, {
    description: 'ID-13: identity data + captcha; a code goes to the registered phone.',
    deprecationReason: 'Use requestUsernameRecoveryCode: it also answers the delivery status (ID-9).',
  })
  async startUsernameRecovery(
    @Arg('input', () => UsernameRecoveryInput) input: UsernameRecoveryInput,
    @Ctx() ctx: GraphContext,
  ): Promise<string> {
    return (await servicesOf(ctx).usernameRecovery.start(input, ctx.clientAddress)).id;
  }

  @Mutation(() => Boolean, { description: 'ID-13: the SMS code; the username is then sent by SMS.' })
  async confirmUsernameRecovery(
    @Arg('flowId', () => UUID) flowId: string,
    @Arg('code', () => String) code: string,
    @Ctx() ctx: GraphContext,
  ): Promise<boolean> {
    await servicesOf(ctx).usernameRecovery.confirm(flowId, code);
    return true;
  }

  @Mutation(() => PasswordRecoveryType, { description: 'ID-14 step 1: username + captcha.' })
  async startPasswordRecovery(
    @Arg('input', () => PasswordRecoveryInput) input: PasswordRecoveryInput,
    @Ctx() ctx: GraphContext,
  ): Promise<PasswordRecoveryType> {
    const { flowId, questionIds } = await servicesOf(ctx).passwordRecovery.start(input);
    return Object.assign(new PasswordRecoveryType(), { flowId, questions: questionViews(ctx, questionIds) });
  }

  @Mutation(() => Boolean, { description: 'ID-14 step 2, by security questions.' })
  async answerRecoveryQuestions(
    @Arg('flowId', () => UUID) flowId: string,
    @Arg('answers', () => [SecurityAnswerInput]) answers: SecurityAnswerInput[],
    @Ctx() ctx: GraphContext,
  ): Promise<boolean> {
    await servicesOf(ctx).passwordRecovery.answerQuestions(flowId, answers);
    return true;
  }

  @Mutation(() => SmsDeliveryType, {
    description: 'ID-14 step 2, by ID number: a code goes to the registered phone. Answers the delivery (ID-9).',
  })
  async requestPasswordRecoveryCode(
    @Arg('flowId', () => UUID) flowId: string,
    @Arg('idNumber', () => String) idNumber: string,
    @Ctx() ctx: GraphContext,
  ): Promise<SmsDeliveryType> {
    return deliveryView(await servicesOf(ctx).passwordRecovery.sendCode(flowId, idNumber, ctx.clientAddress));
  }

  @Mutation(() => Boolean, {
    description: 'ID-14 step 2, by ID number: a code goes to the registered phone.',
    deprecationReason: 'Use requestPasswordRecoveryCode: it also answers the delivery status (ID-9).',
  })
  async sendPasswordRecoveryCode(
    @Arg('flowId', () => UUID) flowId: string,
    @Arg('idNumber', () => String) idNumber: string,
    @Ctx() ctx: GraphContext,
  ): Promise<boolean> {
    await servicesOf(ctx).passwordRecovery.sendCode(flowId, idNumber, ctx.clientAddress);
    return true;
  }

  @Mutation(() => Boolean, { description: 'ID-14 step 2, the SMS code.' })
  async verifyPasswordRecoveryCode(
    @Arg('flowId', () => UUID) flowId: string,
    @Arg('code', () => String) code: string,
    @Ctx() ctx: GraphContext,
  ): Promise<boolean> {
    await servicesOf(ctx).passwordRecovery.verifyCode(flowId, code);
    return true;
  }

  @Mutation(() => Boolean, { description: 'ID-14 step 3: the new password; every session ends.' })
  async resetRecoveredPassword(
    @Arg('flowId', () => UUID) flowId: string,
    @Arg('newPassword', () => String) newPassword: string,
    @Arg('confirmPassword', () => String) confirmPassword: string,
    @Ctx() ctx: GraphContext,
  ): Promise<boolean> {
    await servicesOf(ctx).passwordRecovery.reset(flowId, newPassword, confirmPassword);
    return true;
  }
}
