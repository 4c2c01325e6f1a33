import { type GraphContext, UUID } from '@tessera/kit';
import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { actorOf } from './actor';
import { customerServiceRuntime as runtime } from './customer-service-runtime';
import { OnSiteService } from './on-site-service';
import type { OnSiteOrderState, OnSiteServiceOrder } from './on-site-service-order.entity';
import {
  CompleteOnSiteVisitInput,
  OnSiteOrderStateValue,
  OnSiteServiceOrderType,
  onSiteOrderView,
  RequestOnSiteServiceInput,
  ScheduleOnSiteServiceInput,
} from './on-site-service-order.type';

const service = (ctx: GraphContext) => new OnSiteService(ctx.em, runtime.clock, runtime.calendar);
const view = (order: OnSiteServiceOrder) => onSiteOrderView(order, runtime.clock.now());

@Resolver(() => OnSiteServiceOrderType)
export class OnSiteServiceResolver {
  @Query(() => [OnSiteServiceOrderType], { description: 'On-site service orders, newest first (CS-4).' })
  async onSiteServiceOrders(
    @Ctx() ctx: GraphContext,
    @Arg('state', () => OnSiteOrderStateValue, { nullable: true }) state?: OnSiteOrderState,
    @Arg('limit', () => Int, { nullable: true }) limit?: number,
  ): Promise<OnSiteServiceOrderType[]> {
    return (await service(ctx).list(state, Math.min(limit ?? 100, 500))).map(view);
  }

  @Query(() => [OnSiteServiceOrderType], {
    description: 'Open orders past their seven-working-day promise, the most overdue first (CS-4).',
  })
  async overdueOnSiteServiceOrders(
    @Ctx() ctx: GraphContext,
    @Arg('limit', () => Int, { nullable: true }) limit?: number,
  ): Promise<OnSiteServiceOrderType[]> {
    return (await service(ctx).overdue(Math.min(limit ?? 100, 500))).map(view);
  }

  @Query(() => OnSiteServiceOrderType)
  async onSiteServiceOrder(
    @Arg('id', () => UUID) id: string,
    @Ctx() ctx: GraphContext,
  ): Promise<OnSiteServiceOrderType> {
    return view(await service(ctx).get(id));
  }

  @Mutation(() => OnSiteServiceOrderType, { description: 'Request a visit; the promise date is set now (CS-4).' })
  async requestOnSiteService(
    @Arg('input', () => RequestOnSiteServiceInput) input: RequestOnSiteServiceInput,
    @Ctx() ctx: GraphContext,
  ): Promise<OnSiteServiceOrderType> {
    return view(await service(ctx).request(input, actorOf(ctx.viewer)));
  }

  @Mutation(() => OnSiteServiceOrderType, { description: 'Record the visit agreed with the customer.' })
  async scheduleOnSiteService(
    @Arg('input', () => ScheduleOnSiteServiceInput) input: ScheduleOnSiteServiceInput,
    @Ctx() ctx: GraphContext,
  ): Promise<OnSiteServiceOrderType> {
    return view(await service(ctx).schedule(input.id, input.engineer, input.appointmentAt, actorOf(ctx.viewer)));
  }

  @Mutation(() => OnSiteServiceOrderType, {
    description: 'Record a visit: solved with the solution, or left pending and reported to a superior.',
  })
  async completeOnSiteVisit(
    @Arg('input', () => CompleteOnSiteVisitInput) input: CompleteOnSiteVisitInput,
    @Ctx() ctx: GraphContext,
  ): Promise<OnSiteServiceOrderType> {
    const actor = actorOf(ctx.viewer);
    const order = input.solution
      ? await service(ctx).solve(input.id, { cause: input.cause, solution: input.solution }, actor)
      : await service(ctx).leavePending(input.id, input.cause, actor);
    return view(order);
  }
}
