import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType('Bank', { description: 'A partner bank that issues social-security cards (ID-6).' })
export class BankType {
  @Field(() => ID)
  code!: string;

  @Field(() => String, { description: 'Chinese name, e.g. 建设银行.' })
  nameZh!: string;

  @Field(() => String)
  nameEn!: string;

  @Field(() => Boolean, { description: 'Selectable for verification; false shows the bank as "being upgraded".' })
  connected!: boolean;
}
