import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType('CertificateAuthority', {
  description:
    'A CA of a hierarchy: its root, or an issuing CA by generation; the active issuing CA signs, a retired one publishes until its last certificate expires.',
})
export class CertificateAuthorityType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Stable name, as in its URLs (`root`, `issuing`, `issuing-2`).' })
  name!: string;

  @Field(() => String, { description: 'The hierarchy (CA_HIERARCHIES), e.g. `international`.' })
  hierarchy!: string;

  @Field(() => String, { description: '`root` or `issuing`.' })
  role!: string;

  @Field(() => Int, { description: '1 for a root and the first issuing CA; each rollover adds the next.' })
  generation!: number;

  @Field(() => String)
  subject!: string;

  @Field(() => String)
  algorithm!: string;

  @Field(() => Date)
  notAfter!: Date;

  @Field(() => Boolean, { description: 'Whether this is the issuing CA that signs new certificates of its hierarchy.' })
  active!: boolean;

  @Field(() => Date, { nullable: true, description: 'When a rollover retired it.' })
  retiredAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Who made it by a rollover; null when made at first start.' })
  createdBy?: string | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => String, { description: 'Where its certificate is published (caIssuers).' })
  certificateUrl!: string;

  @Field(() => String, { description: 'Its CRL distribution point.' })
  crlUrl!: string;
}
