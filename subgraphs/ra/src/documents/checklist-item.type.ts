import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType('ChecklistItem', { description: 'One required document of an application (RA-10).' })
export class ChecklistItemType {
  @Field(() => String)
  documentType!: string;

  @Field(() => Boolean, { description: 'A copy has been uploaded.' })
  received!: boolean;

  @Field(() => Boolean, { description: 'The entry clerk checked it against the form.' })
  checked!: boolean;

  @Field(() => String, { nullable: true })
  contentType?: string | null;

  @Field(() => Int, { nullable: true })
  size?: number | null;

  @Field(() => String, { nullable: true, description: 'SHA-256 of the uploaded copy.' })
  sha256?: string | null;

  @Field(() => String, { nullable: true })
  checkedBy?: string | null;
}
