import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType('SigningKeyStatus', {
  description:
    'A key that signs access tokens, where it is in its lifecycle (administrators and auditors); never its private half.',
})
export class SigningKeyStatusType {
  @Field(() => ID)
  kid!: string;

  @Field(() => String, {
    description:
      'next (published, not yet signing), active (signing), retiring (published until its last token expires) or retired.',
  })
  state!: string;

  @Field(() => Date)
  publishedAt!: Date;

  @Field(() => Date, { description: 'When it signs, or began to.' })
  activatesAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When its successor took over signing.' })
  retiringSince?: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it left the JWKS and its private half was erased.' })
  retiredAt?: Date | null;
}
