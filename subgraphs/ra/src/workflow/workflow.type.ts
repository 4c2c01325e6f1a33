import { Field, ObjectType, registerEnumType } from 'type-graphql';

export enum WorkflowEventValue {
  APPROVE_BY_AGENCY = 'approve_by_agency',
  REJECT_BY_AGENCY = 'reject_by_agency',
  ENTER = 'enter',
  APPROVE = 'approve',
  REJECT = 'reject',
  ISSUE = 'issue',
  EXECUTE = 'execute',
  DELIVER = 'deliver',
  ARCHIVE = 'archive',
  COMPLETE = 'complete',
}
registerEnumType(WorkflowEventValue, { name: 'WorkflowEvent', description: 'A step of the application workflow.' });

@ObjectType('WorkflowTransition', { description: 'One row of the application workflow table.' })
export class WorkflowTransitionType {
  @Field(() => String)
  from!: string;

  @Field(() => WorkflowEventValue)
  event!: WorkflowEventValue;

  @Field(() => String)
  to!: string;

  @Field(() => [String], { description: 'Staff roles that may take the step.' })
  roles!: string[];

  @Field(() => [String], { description: 'Business types the step applies to.' })
  businessTypes!: string[];
}
