import { DomainError, type GraphContext, UUID } from '@tessera/kit';
import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { actorOf } from './actor';
import type { Complaint } from './complaint.entity';
import {
  AcceptComplaintInput,
  ComplaintStateValue,
  ComplaintStepInput,
  ComplaintTransitionType,
  ComplaintType,
  complaintView,
  complaintWorkflowView,
  LodgeComplaintInput,
  RecordComplaintInput,
} from './complaint.type';
import { ComplaintService } from './complaint-service';
import type { ComplaintState } from './complaint-workflow';
import { customerServiceRuntime as runtime } from './customer-service-runtime';

const service = (ctx: GraphContext) => new ComplaintService(ctx.em, runtime.clock);
const view = (complaint: Complaint) => complaintView(complaint, runtime.clock.now());

@Resolver(() => ComplaintType)
export class ComplaintResolver {
  @Query(() => [ComplaintTransitionType], { description: 'The complaint procedure as a state machine table (CS-5).' })
  complaintWorkflow(): ComplaintTransitionType[] {
    return complaintWorkflowView();
  }

  @Query(() => [ComplaintType], { description: 'Complaints, newest first (CS-5).' })
  async complaints(
    @Ctx() ctx: GraphContext,
    @Arg('state', () => ComplaintStateValue, { nullable: true }) state?: ComplaintState,
    @Arg('limit', () => Int, { nullable: true }) limit?: number,
  ): Promise<ComplaintType[]> {
    return (await service(ctx).list({ state }, Math.min(limit ?? 100, 500))).map(view);
  }

  @Query(() => [ComplaintType], { description: 'Accepted complaints past their agreed deadline.' })
  async overdueComplaints(
    @Ctx() ctx: GraphContext,
    @Arg('limit', () => Int, { nullable: true }) limit?: number,
  ): Promise<ComplaintType[]> {
    return (await service(ctx).overdue(Math.min(limit ?? 100, 500))).map(view);
  }

  @Query(() => [ComplaintType], { description: 'The complaints the signed-in citizen lodged online.' })
  async myComplaints(@Ctx() ctx: GraphContext): Promise<ComplaintType[]> {
    if (ctx.viewer.kind !== 'citizen') throw new DomainError('FORBIDDEN');
    return (await service(ctx).list({ complainantUserId: ctx.viewer.subject })).map(view);
  }

  @Query(() => ComplaintType)
  async complaint(@Arg('id', () => UUID) id: string, @Ctx() ctx: GraphContext): Promise<ComplaintType> {
    return view(await service(ctx).get(id));
  }

  @Mutation(() => ComplaintType, {
    description: 'Listen: take a complaint, at the counter or lodged online by a citizen.',
  })
  async lodgeComplaint(
    @Arg('input', () => LodgeComplaintInput) input: LodgeComplaintInput,
    @Ctx() ctx: GraphContext,
  ): Promise<ComplaintType> {
    return view(await service(ctx).receive(input, actorOf(ctx.viewer)));
  }

  @Mutation(() => ComplaintType, { description: 'Record the complaint and whom it concerns.' })
  async recordComplaint(
    @Arg('input', () => RecordComplaintInput) input: RecordComplaintInput,
    @Ctx() ctx: GraphContext,
  ): Promise<ComplaintType> {
    return view(await service(ctx).record(input.id, input.record, input.responsiblePerson, actorOf(ctx.viewer)));
  }

  @Mutation(() => ComplaintType, { description: 'Record what the person responsible said.' })
  async verifyComplaint(
    @Arg('input', () => ComplaintStepInput) input: ComplaintStepInput,
    @Ctx() ctx: GraphContext,
  ): Promise<ComplaintType> {
    return view(await service(ctx).verify(input.id, input.text, actorOf(ctx.viewer)));
  }

  @Mutation(() => ComplaintType, { description: 'Accept the complaint with the deadline agreed with the customer.' })
  async acceptComplaint(
    @Arg('input', () => AcceptComplaintInput) input: AcceptComplaintInput,
    @Ctx() ctx: GraphContext,
  ): Promise<ComplaintType> {
    return view(await service(ctx).accept(input.id, input.deadline, actorOf(ctx.viewer)));
  }

  @Mutation(() => ComplaintType, { description: 'Refuse the complaint, giving the reason.' })
  async refuseComplaint(
    @Arg('input', () => ComplaintStepInput) input: ComplaintStepInput,
    @Ctx() ctx: GraphContext,
  ): Promise<ComplaintType> {
    return view(await service(ctx).refuse(input.id, input.text, actorOf(ctx.viewer)));
  }

  @Mutation(() => ComplaintType, { description: 'Record how the complaint was handled.' })
  async handleComplaint(
    @Arg('input', () => ComplaintStepInput) input: ComplaintStepInput,
    @Ctx() ctx: GraphContext,
  ): Promise<ComplaintType> {
    return view(await service(ctx).handle(input.id, input.text, actorOf(ctx.viewer)));
  }

  @Mutation(() => ComplaintType, { description: 'Record that the customer was thanked; closes the complaint.' })
  async thankComplainant(@Arg('id', () => UUID) id: string, @Ctx() ctx: GraphContext): Promise<ComplaintType> {
    return view(await service(ctx).thank(id, actorOf(ctx.viewer)));
  }
}
