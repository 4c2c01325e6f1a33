import { type GraphContext, UUID } from '@tessera/kit';
import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { servicesOf } from '../identity-services';
import { deliveryView } from '../sms/sms-delivery.type';
import {
  type IdTypeValue,
  RegisteredUserType,
  RegistrationFlowType,
  RegistrationIdentityInput,
  RegistrationLoginInput,
  type RegistrationStepValue,
  RegistrationVerificationInput,
} from './registration.type';
import type { RegistrationFlowView } from './registration-service';

function flowView(flow: RegistrationFlowView): RegistrationFlowType {
  return Object.assign(new RegistrationFlowType(), {
    ...flow,
    step: flow.step as RegistrationStepValue,
    idType: flow.idType as IdTypeValue | undefined,
    sms: flow.sms ? deliveryView(flow.sms) : undefined,
  });
}

@Resolver(() => RegistrationFlowType)
export class RegistrationResolver {
  @Query(() => RegistrationFlowType, { description: 'A registration in progress, by the id the client keeps.' })
  async registrationFlow(@Arg('id', () => UUID) id: string, @Ctx() ctx: GraphContext): Promise<RegistrationFlowType> {
    return flowView(await servicesOf(ctx).registration.get(id));
  }

  @Mutation(() => RegistrationFlowType, { description: 'Starts a citizen registration (ID-1).' })
  async startRegistration(@Ctx() ctx: GraphContext): Promise<RegistrationFlowType> {
    return flowView(await servicesOf(ctx).registration.start());
  }

  @Mutation(() => RegistrationFlowType, {
    description: 'Step 1: username and password (ID-2: a taken name fails here).',
  })
  async submitRegistrationLogin(
    @Arg('flowId', () => UUID) flowId: string,
    @Arg('input', () => RegistrationLoginInput) input: RegistrationLoginInput,
    @Ctx() ctx: GraphContext,
  ): Promise<RegistrationFlowType> {
    return flowView(await servicesOf(ctx).registration.submitLogin(flowId, input));
  }

  @Mutation(() => RegistrationFlowType, { description: 'Step 2: name and ID document.' })
  async submitRegistrationIdentity(
    @Arg('flowId', () => UUID) flowId: string,
    @Arg('input', () => RegistrationIdentityInput) input: RegistrationIdentityInput,
    @Ctx() ctx: GraphContext,
  ): Promise<RegistrationFlowType> {
    return flowView(await servicesOf(ctx).registration.submitIdentity(flowId, input));
  }

  @Mutation(() => RegistrationFlowType, { description: '"Previous step": entered values stay.' })
  async registrationBack(
    @Arg('flowId', () => UUID) flowId: string,
    @Ctx() ctx: GraphContext,
  ): Promise<RegistrationFlowType> {
    return flowView(await servicesOf(ctx).registration.back(flowId));
  }

  @Mutation(() => RegistrationFlowType, {
    description:
      'Step 3: captcha (ID-10), bank check of the four elements, then an SMS code to the bank-reserved phone.',
  })
  async sendRegistrationCode(
    @Arg('flowId', () => UUID) flowId: string,
    @Arg('input', () => RegistrationVerificationInput) input: RegistrationVerificationInput,
    @Ctx() ctx: GraphContext,
  ): Promise<RegistrationFlowType> {
    return flowView(await servicesOf(ctx).registration.sendCode(flowId, input, ctx.clientAddress));
  }

  @Mutation(() => RegisteredUserType, { description: 'Step 3: the SMS code; creates the account.' })
  async completeRegistration(
    @Arg('flowId', () => UUID) flowId: string,
    @Arg('code', () => String) code: string,
    @Ctx() ctx: GraphContext,
  ): Promise<RegisteredUserType> {
    return Object.assign(new RegisteredUserType(), await servicesOf(ctx).registration.complete(flowId, code));
  }
}
