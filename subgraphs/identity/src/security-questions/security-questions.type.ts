import { Field, ID, InputType, ObjectType } from 'type-graphql';

@ObjectType('SecurityQuestion', { description: 'A question of the catalogue (ID-16), in the caller’s language.' })
export class SecurityQuestionType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  text!: string;
}

@InputType('SecurityAnswerInput')
export class SecurityAnswerInput {
  @Field(() => String)
  questionId!: string;

  @Field(() => String)
  answer!: string;
}
