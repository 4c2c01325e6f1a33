import { type GraphContext, UUID } from '@tessera/kit';
import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { actorOf } from './actor';
import { customerServiceRuntime as runtime } from './customer-service-runtime';
import type { PhoneCallState } from './phone-call.entity';
import {
  EscalatePhoneCallInput,
  FollowUpPhoneCallInput,
  PhoneCallStateValue,
  PhoneCallType,
  phoneCallView,
  RecordPhoneCallInput,
  SolvePhoneCallInput,
} from './phone-call.type';
import { PhoneService } from './phone-service';

@Resolver(() => PhoneCallType)
export class PhoneCallResolver {
  @Query(() => [PhoneCallType], { description: 'Hotline calls, newest first (CS-3).' })
  async phoneCalls(
    @Ctx() ctx: GraphContext,
    @Arg('state', () => PhoneCallStateValue, { nullable: true }) state?: PhoneCallState,
    @Arg('limit', () => Int, { nullable: true }) limit?: number,
  ): Promise<PhoneCallType[]> {
    const calls = await new PhoneService(ctx.em, runtime.clock).list(state, Math.min(limit ?? 100, 500));
    return calls.map(phoneCallView);
  }

  @Query(() => PhoneCallType, { description: 'A hotline call with its follow-ups.' })
  async phoneCall(@Arg('id', () => UUID) id: string, @Ctx() ctx: GraphContext): Promise<PhoneCallType> {
    return phoneCallView(await new PhoneService(ctx.em, runtime.clock).get(id));
  }

  @Mutation(() => PhoneCallType, { description: 'Record an incoming call (CS-3).' })
  async recordPhoneCall(
    @Arg('input', () => RecordPhoneCallInput) input: RecordPhoneCallInput,
    @Ctx() ctx: GraphContext,
  ): Promise<PhoneCallType> {
    return phoneCallView(await new PhoneService(ctx.em, runtime.clock).receive(input, actorOf(ctx.viewer)));
  }

  @Mutation(() => PhoneCallType, { description: 'Close a call with the solution given to the caller.' })
  async solvePhoneCall(
    @Arg('input', () => SolvePhoneCallInput) input: SolvePhoneCallInput,
    @Ctx() ctx: GraphContext,
  ): Promise<PhoneCallType> {
    const { id, ...solution } = input;
    return phoneCallView(await new PhoneService(ctx.em, runtime.clock).solve(id, solution, actorOf(ctx.viewer)));
  }

  @Mutation(() => PhoneCallType, { description: 'Hand a call the handbook does not solve to a technician.' })
  async escalatePhoneCall(
    @Arg('input', () => EscalatePhoneCallInput) input: EscalatePhoneCallInput,
    @Ctx() ctx: GraphContext,
  ): Promise<PhoneCallType> {
    const service = new PhoneService(ctx.em, runtime.clock);
    return phoneCallView(await service.escalate(input.id, input.technician, input.details, actorOf(ctx.viewer)));
  }

  @Mutation(() => PhoneCallType, { description: 'Record a follow-up on an escalated call.' })
  async followUpPhoneCall(
    @Arg('input', () => FollowUpPhoneCallInput) input: FollowUpPhoneCallInput,
    @Ctx() ctx: GraphContext,
  ): Promise<PhoneCallType> {
    const service = new PhoneService(ctx.em, runtime.clock);
    return phoneCallView(await service.followUp(input.id, input.note, actorOf(ctx.viewer)));
  }
}
