import { UUID } from '@tessera/kit';
import { IsOptional, IsUUID, Length, MaxLength } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { graphqlEnum } from './graphql-enum';
import {
  type PhoneCall,
  type PhoneCallKind,
  type PhoneCallState,
  type PhoneFollowUp,
  phoneCallKinds,
  phoneCallStates,
} from './phone-call.entity';

export const PhoneCallKindValue = graphqlEnum(phoneCallKinds, 'PhoneCallKind', 'Business consultation or a problem.');
export const PhoneCallStateValue = graphqlEnum(phoneCallStates, 'PhoneCallState', 'Where a hotline call stands.');

@ObjectType('PhoneFollowUp', { description: 'A follow-up on an escalated call.' })
export class PhoneFollowUpType {
  @Field(() => String, { nullable: true })
  note?: string;

  @Field(() => ID, { nullable: true })
  recordedBy?: string;

  @Field(() => Date, { nullable: true })
  recordedAt?: Date;
}

@ObjectType('PhoneCall', { description: 'A hotline phone record (电话记录单, CS-3).' })
export class PhoneCallType {
  @Field(() => ID)
  id!: string;

  @Field(() => PhoneCallKindValue, { nullable: true })
  kind?: PhoneCallKind;

  @Field(() => PhoneCallStateValue, { nullable: true })
  state?: PhoneCallState;

  @Field(() => String, { nullable: true })
  callerName?: string;

  @Field(() => String, { nullable: true })
  callerPhone?: string;

  @Field(() => String, { nullable: true })
  unitName?: string | null;

  @Field(() => String, { nullable: true })
  description?: string;

  @Field(() => String, { nullable: true, description: 'The support-handbook entry answered from (CT-6).' })
  handbookReference?: string | null;

  @Field(() => String, { nullable: true })
  solution?: string | null;

  @Field(() => ID, { nullable: true, description: 'Staff id of the agent tracking it.' })
  agentId?: string;

  @Field(() => String, { nullable: true })
  technician?: string | null;

  @Field(() => Date, { nullable: true })
  receivedAt?: Date;

  @Field(() => Date, { nullable: true })
  escalatedAt?: Date | null;

  @Field(() => Date, { nullable: true })
  solvedAt?: Date | null;

  @Field(() => [PhoneFollowUpType], { nullable: true })
  followUps?: PhoneFollowUpType[];
}

function followUpView(f: PhoneFollowUp): PhoneFollowUpType {
  return Object.assign(new PhoneFollowUpType(), { note: f.note, recordedBy: f.recordedBy, recordedAt: f.recordedAt });
}

export function phoneCallView(call: PhoneCall): PhoneCallType {
  return Object.assign(new PhoneCallType(), {
    id: call.id,
    kind: call.kind,
    state: call.state,
    callerName: call.callerName,
    callerPhone: call.callerPhone,
    unitName: call.unitName ?? null,
    description: call.description,
    handbookReference: call.handbookReference ?? null,
    solution: call.solution ?? null,
    agentId: call.agentId,
    technician: call.technician ?? null,
    receivedAt: call.receivedAt,
    escalatedAt: call.escalatedAt ?? null,
    solvedAt: call.solvedAt ?? null,
    followUps: call.followUps.isInitialized() ? call.followUps.getItems().map(followUpView) : [],
  });
}

@InputType()
export class RecordPhoneCallInput {
  @Field(() => PhoneCallKindValue)
  kind!: PhoneCallKind;

  @Field(() => String)
  @Length(1, 200)
  callerName!: string;

  @Field(() => String)
  @Length(1, 50)
  callerPhone!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  unitName?: string;

  @Field(() => String)
  @Length(1, 4000)
  description!: string;
}

@InputType()
export class SolvePhoneCallInput {
  @Field(() => UUID)
  @IsUUID()
  id!: string;

  @Field(() => String)
  @Length(1, 4000)
  solution!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  handbookReference?: string;
}

@InputType()
export class EscalatePhoneCallInput {
  @Field(() => UUID)
  @IsUUID()
  id!: string;

  @Field(() => String)
  @Length(1, 100)
  technician!: string;

  @Field(() => String, { description: 'The problem and the caller details the technician needs.' })
  @Length(1, 4000)
  details!: string;
}

@InputType()
export class FollowUpPhoneCallInput {
  @Field(() => UUID)
  @IsUUID()
  id!: string;

  @Field(() => String)
  @Length(1, 4000)
  note!: string;
}
