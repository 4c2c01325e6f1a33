import { UUID } from '@tessera/kit';
import { IsOptional, IsUUID, Length, MaxLength } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import type { Complaint } from './complaint.entity';
import { isComplaintOverdue } from './complaint-service';
import {
  type ComplaintEvent,
  type ComplaintState,
  complaintEvents,
  complaintStates,
  complaintWorkflow,
} from './complaint-workflow';
import { graphqlEnum } from './graphql-enum';

export const ComplaintStateValue = graphqlEnum(complaintStates, 'ComplaintState', 'Where a complaint stands (CS-5).');
export const ComplaintEventValue = graphqlEnum(complaintEvents, 'ComplaintEvent', 'A step of the complaint procedure.');

@ObjectType('Complaint', { description: 'A customer complaint (客户投诉登记表, CS-5).' })
export class ComplaintType {
  @Field(() => ID)
  id!: string;

  @Field(() => ComplaintStateValue, { nullable: true })
  state?: ComplaintState;

  @Field(() => String, { nullable: true })
  complainantName?: string;

  @Field(() => String, { nullable: true })
  complainantPhone?: string | null;

  @Field(() => String, { nullable: true, description: 'What the customer said.' })
  statement?: string;

  @Field(() => String, { nullable: true, description: "The agent's record of the complaint." })
  record?: string | null;

  @Field(() => String, { nullable: true })
  responsiblePerson?: string | null;

  @Field(() => String, { nullable: true, description: 'What the person responsible confirmed or disputed.' })
  verification?: string | null;

  @Field(() => Date, { nullable: true, description: 'The deadline agreed with the customer.' })
  deadline?: Date | null;

  @Field(() => String, { nullable: true })
  refusalReason?: string | null;

  @Field(() => String, { nullable: true })
  resolution?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Accepted and not handled by its deadline.' })
  overdue?: boolean;

  @Field(() => Date, { nullable: true })
  receivedAt?: Date;

  @Field(() => Date, { nullable: true })
  handledAt?: Date | null;

  @Field(() => Date, { nullable: true })
  thankedAt?: Date | null;

  /** The citizen who lodged it online, for the owner rule; not a field. */
  complainantUserId?: string | null;
}

export function complaintView(c: Complaint, now: Date): ComplaintType {
  return Object.assign(new ComplaintType(), {
    id: c.id,
    state: c.state,
    complainantName: c.complainantName,
    complainantPhone: c.complainantPhone ?? null,
    statement: c.statement,
    record: c.record ?? null,
    responsiblePerson: c.responsiblePerson ?? null,
    verification: c.verification ?? null,
    deadline: c.deadline ?? null,
    refusalReason: c.refusalReason ?? null,
    resolution: c.resolution ?? null,
    overdue: isComplaintOverdue(c, now),
    receivedAt: c.receivedAt,
    handledAt: c.handledAt ?? null,
    thankedAt: c.thankedAt ?? null,
    complainantUserId: c.complainantUserId ?? null,
  });
}

@ObjectType('ComplaintTransition', { description: 'A row of the complaint state machine.' })
export class ComplaintTransitionType {
  @Field(() => ComplaintStateValue, { nullable: true, description: 'Null for the step that creates a complaint.' })
  from?: ComplaintState | null;

  @Field(() => ComplaintEventValue)
  event!: ComplaintEvent;

  @Field(() => ComplaintStateValue)
  to!: ComplaintState;

  @Field(() => [String], { description: 'Staff roles (or CITIZEN) allowed to take the step.' })
  roles!: string[];
}

export const complaintWorkflowView = (): ComplaintTransitionType[] =>
  complaintWorkflow.map((t) => Object.assign(new ComplaintTransitionType(), { ...t, roles: [...t.roles] }));

@InputType()
export class LodgeComplaintInput {
  @Field(() => String)
  @Length(1, 200)
  complainantName!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(50)
  complainantPhone?: string;

  @Field(() => String)
  @Length(1, 4000)
  statement!: string;
}

@InputType()
export class RecordComplaintInput {
  @Field(() => UUID)
  @IsUUID()
  id!: string;

  @Field(() => String)
  @Length(1, 4000)
  record!: string;

  @Field(() => String)
  @Length(1, 200)
  responsiblePerson!: string;
}

@InputType({
  description: 'The text a complaint step records: the verification, the refusal reason or the resolution.',
})
export class ComplaintStepInput {
  @Field(() => UUID)
  @IsUUID()
  id!: string;

  @Field(() => String)
  @Length(1, 4000)
  text!: string;
}

@InputType()
export class AcceptComplaintInput {
  @Field(() => UUID)
  @IsUUID()
  id!: string;

  @Field(() => Date, { description: 'The final deadline agreed with the customer.' })
  deadline!: Date;
}
