import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType('FaqEntry', { description: 'A question and answer of the help pages (ID-19), in the caller’s language.' })
export class FaqEntryType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  question!: string;

  @Field(() => String)
  answer!: string;
}
