import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { DeliveryStatus } from './sms-outbox';

export enum SmsDeliveryStateValue {
  QUEUED = 'queued',
  SENT = 'sent',
  RETRYING = 'retrying',
  FAILED = 'failed',
}
registerEnumType(SmsDeliveryStateValue, { name: 'SmsDeliveryState' });

@ObjectType('SmsDelivery', { description: 'Where a text message is (ID-9), and when another may be asked for.' })
export class SmsDeliveryType {
  @Field(() => SmsDeliveryStateValue)
  state!: SmsDeliveryStateValue;

  @Field(() => Int, { description: 'Seconds until a new code may be asked for ("retry in N s").' })
  retryInSeconds!: number;
}

@ObjectType('SmsLimits', {
  description: 'The limits on texting one phone (ID-9), told before a citizen solves the captcha that asks for a code.',
})
export class SmsLimitsType {
  @Field(() => Int, { description: 'Least seconds between two codes to one phone.' })
  phoneIntervalSeconds!: number;

  @Field(() => Int, { description: 'Most codes to one phone in 24 hours.' })
  phonePerDay!: number;
}

@ObjectType('SmsCodeRequest', {
  description: 'A request that texted a code (ID-9): the id to confirm it with, and where the message is.',
})
export class SmsCodeRequestType {
  @Field(() => ID)
  id!: string;

  @Field(() => SmsDeliveryType)
  sms!: SmsDeliveryType;
}

export function deliveryView(delivery: DeliveryStatus): SmsDeliveryType {
  return Object.assign(new SmsDeliveryType(), {
    state: delivery.state as SmsDeliveryStateValue,
    retryInSeconds: delivery.retryInSeconds,
  });
}

export function codeRequestView(request: { id: string; sms: DeliveryStatus }): SmsCodeRequestType {
  return Object.assign(new SmsCodeRequestType(), { id: request.id, sms: deliveryView(request.sms) });
}
