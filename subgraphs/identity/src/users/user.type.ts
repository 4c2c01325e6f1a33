import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum AccountKindValue {
  CITIZEN = 'citizen',
  STAFF = 'staff',
}
registerEnumType(AccountKindValue, { name: 'AccountKind', description: 'A citizen or a staff member.' });

@ObjectType('User', { description: 'A Tessera account: one per real person, or a staff member.' })
@Directive('@key(fields: "id")')
export class UserType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true, description: 'Sign-in name; visible to the user and to staff.' })
  username?: string;

  @Field(() => String, { nullable: true, description: 'Name shown in the clients.' })
  displayName?: string;

  @Field(() => AccountKindValue, { nullable: true })
  kind?: AccountKindValue;

  @Field(() => Date, { nullable: true })
  createdAt?: Date;
}
