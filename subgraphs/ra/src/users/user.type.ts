import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The identity subgraph's `User`, extended here with the person's applications. */
@ObjectType('User')
@Directive('@key(fields: "id")')
export class UserType {
  @Field(() => ID)
  id!: string;
}
