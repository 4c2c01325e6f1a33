import { Field, InputType, ObjectType } from 'type-graphql';
import { UserType } from '../users/user.type';

@InputType('StaffAccountInput')
export class StaffAccountInput {
  @Field(() => String)
  username!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => [String], { description: 'Staff roles, e.g. REVIEW_CLERK.' })
  roles!: string[];
}

@ObjectType('CreatedStaffAccount', { description: 'Initial password and second factor, shown this once.' })
export class CreatedStaffAccountType {
  @Field(() => UserType)
  user!: UserType;

  @Field(() => String)
  initialPassword!: string;

  @Field(() => String, { description: '`otpauth://` URI for an authenticator app (RFC 6238).' })
  totpUri!: string;
}

@ObjectType('StaffPasswordReset', { description: 'A temporary password (and a new second factor), shown this once.' })
export class StaffPasswordResetType {
  @Field(() => UserType)
  user!: UserType;

  @Field(() => String, { description: 'Good for one sign-in, which must set a new password.' })
  temporaryPassword!: string;

  @Field(() => String, { nullable: true, description: 'When the second factor was replaced: its `otpauth://` URI.' })
  totpUri?: string;
}
