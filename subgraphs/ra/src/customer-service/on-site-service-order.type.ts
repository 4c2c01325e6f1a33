import { UUID } from '@tessera/kit';
import { IsOptional, IsUUID, Length, MaxLength } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { graphqlEnum } from './graphql-enum';
import { isOverdue } from './on-site-service';
import { type OnSiteOrderState, type OnSiteServiceOrder, onSiteOrderStates } from './on-site-service-order.entity';

export const OnSiteOrderStateValue = graphqlEnum(
  onSiteOrderStates,
  'OnSiteOrderState',
  'Where an on-site order stands.',
);

@ObjectType('OnSiteServiceOrder', { description: 'An on-site service order (上门服务单, CS-4).' })
export class OnSiteServiceOrderType {
  @Field(() => ID)
  id!: string;

  @Field(() => OnSiteOrderStateValue, { nullable: true })
  state?: OnSiteOrderState;

  @Field(() => String, { nullable: true })
  customerName?: string;

  @Field(() => String, { nullable: true })
  customerPhone?: string;

  @Field(() => String, { nullable: true })
  unitName?: string | null;

  @Field(() => String, { nullable: true })
  address?: string;

  @Field(() => String, { nullable: true })
  problem?: string;

  @Field(() => ID, { nullable: true })
  phoneCallId?: string | null;

  @Field(() => ID, { nullable: true })
  requestedBy?: string;

  @Field(() => Date, { nullable: true })
  requestedAt?: Date;

  @Field(() => Date, { nullable: true, description: 'End of the seventh working day after the request.' })
  promisedBy?: Date;

  @Field(() => Boolean, { nullable: true, description: 'Still open after the promise ran out.' })
  overdue?: boolean;

  @Field(() => String, { nullable: true })
  engineer?: string | null;

  @Field(() => Date, { nullable: true })
  appointmentAt?: Date | null;

  @Field(() => Date, { nullable: true })
  reportedToSuperiorAt?: Date | null;

  @Field(() => String, { nullable: true })
  cause?: string | null;

  @Field(() => String, { nullable: true })
  solution?: string | null;

  @Field(() => Date, { nullable: true })
  solvedAt?: Date | null;
}

export function onSiteOrderView(order: OnSiteServiceOrder, now: Date): OnSiteServiceOrderType {
  return Object.assign(new OnSiteServiceOrderType(), {
    id: order.id,
    state: order.state,
    customerName: order.customerName,
    customerPhone: order.customerPhone,
    unitName: order.unitName ?? null,
    address: order.address,
    problem: order.problem,
    phoneCallId: order.phoneCallId ?? null,
    requestedBy: order.requestedBy,
    requestedAt: order.requestedAt,
    promisedBy: order.promisedBy,
    overdue: isOverdue(order, now),
    engineer: order.engineer ?? null,
    appointmentAt: order.appointmentAt ?? null,
    reportedToSuperiorAt: order.reportedToSuperiorAt ?? null,
    cause: order.cause ?? null,
    solution: order.solution ?? null,
    solvedAt: order.solvedAt ?? null,
  });
}

@InputType()
export class RequestOnSiteServiceInput {
  @Field(() => String)
  @Length(1, 200)
  customerName!: string;

  @Field(() => String)
  @Length(1, 50)
  customerPhone!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  unitName?: string;

  @Field(() => String)
  @Length(1, 500)
  address!: string;

  @Field(() => String)
  @Length(1, 4000)
  problem!: string;

  @Field(() => UUID, { nullable: true, description: 'The hotline call that led to the visit.' })
  @IsOptional()
  @IsUUID()
  phoneCallId?: string;
}

@InputType()
export class ScheduleOnSiteServiceInput {
  @Field(() => UUID)
  @IsUUID()
  id!: string;

  @Field(() => String)
  @Length(1, 100)
  engineer!: string;

  @Field(() => Date)
  appointmentAt!: Date;
}

@InputType()
export class CompleteOnSiteVisitInput {
  @Field(() => UUID)
  @IsUUID()
  id!: string;

  @Field(() => String)
  @Length(1, 4000)
  cause!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Given when the visit solved the problem; omitted when it did not.',
  })
  @IsOptional()
  @Length(1, 4000)
  solution?: string;
}
