import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType('OutboxSms', { description: 'A text message in the outbox (ID-9), for administrators; phone masked.' })
export class OutboxSmsType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  purpose!: string;

  @Field(() => String)
  phoneMasked!: string;

  @Field(() => String, { description: 'The text, its one-time code masked (******): codes are stored only as hashes.' })
  text!: string;

  @Field(() => String, { description: 'pending, sent or failed.' })
  state!: string;

  @Field(() => Int)
  attempts!: number;

  @Field(() => String, { nullable: true })
  lastError?: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  sentAt?: Date;
}
