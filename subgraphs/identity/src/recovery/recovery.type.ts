import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { IdTypeValue } from '../registration/registration.type';
import { SecurityQuestionType } from '../security-questions/security-questions.type';

@InputType('UsernameRecoveryInput')
export class UsernameRecoveryInput {
  @Field(() => String)
  name!: string;

  @Field(() => IdTypeValue)
  idType!: IdTypeValue;

  @Field(() => String)
  idNumber!: string;

  @Field(() => String)
  captchaId!: string;

  @Field(() => String)
  captchaAnswer!: string;
}

@InputType('PasswordRecoveryInput')
export class PasswordRecoveryInput {
  @Field(() => String)
  username!: string;

  @Field(() => String)
  captchaId!: string;

  @Field(() => String)
  captchaAnswer!: string;
}

@ObjectType('PasswordRecovery', {
  description: 'Step 1 of password recovery (ID-14): the flow id and the questions, should the user choose them.',
})
export class PasswordRecoveryType {
  @Field(() => ID)
  flowId!: string;

  @Field(() => [SecurityQuestionType])
  questions!: SecurityQuestionType[];
}
