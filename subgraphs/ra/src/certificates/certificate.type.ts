import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The certificate subgraph's `Certificate`, extended here with the application behind it. */
@ObjectType('Certificate')
@Directive('@key(fields: "id")')
export class CertificateType {
  @Field(() => ID)
  id!: string;
}
