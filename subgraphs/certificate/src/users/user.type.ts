import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The identity subgraph's `User`, extended here with the certificates the person holds. */
@ObjectType('User')
@Directive('@key(fields: "id")')
export class UserType {
  @Field(() => ID)
  id!: string;
}
