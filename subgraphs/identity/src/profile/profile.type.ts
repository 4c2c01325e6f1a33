import { Field, InputType } from 'type-graphql';

@InputType('ProfileChangeInput', {
  description: 'ID-12: name, bank, card and phone may change; username, ID type and ID number are refused.',
})
export class ProfileChangeInput {
  @Field(() => String, { nullable: true, description: 'Leave empty to keep the verified name.' })
  name?: string;

  @Field(() => String)
  bankCode!: string;

  @Field(() => String)
  cardNumber!: string;

  @Field(() => String, { description: 'The mobile number reserved at the bank.' })
  phone!: string;

  @Field(() => String, { nullable: true, description: 'Never changes: giving it is refused.' })
  username?: string;

  @Field(() => String, { nullable: true, description: 'Never changes: giving it is refused.' })
  idType?: string;

  @Field(() => String, { nullable: true, description: 'Never changes: giving it is refused.' })
  idNumber?: string;
}
