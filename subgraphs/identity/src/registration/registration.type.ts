import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { SmsDeliveryType } from '../sms/sms-delivery.type';

export enum RegistrationStepValue {
  LOGIN = 'login',
  IDENTITY = 'identity',
  VERIFICATION = 'verification',
  COMPLETED = 'completed',
}
registerEnumType(RegistrationStepValue, {
  name: 'RegistrationStep',
  description: 'The steps of registration (ID-1): login info, identity info, verification info; then completed.',
});

export enum IdTypeValue {
  RESIDENT_ID_CARD = 'RESIDENT_ID_CARD',
  PASSPORT = 'PASSPORT',
  HK_MACAU_PERMIT = 'HK_MACAU_PERMIT',
  TAIWAN_PERMIT = 'TAIWAN_PERMIT',
  FOREIGN_PERMANENT_RESIDENCE_CARD = 'FOREIGN_PERMANENT_RESIDENCE_CARD',
}
registerEnumType(IdTypeValue, { name: 'IdType', description: 'ID document types (证件类型).' });

@ObjectType('RegistrationFlow', {
  description: 'A registration in progress (ID-1). The client keeps its id and sends it with every step.',
})
export class RegistrationFlowType {
  @Field(() => ID)
  id!: string;

  @Field(() => RegistrationStepValue)
  step!: RegistrationStepValue;

  @Field(() => Date)
  expiresAt!: Date;

  @Field(() => String, { nullable: true })
  username?: string;

  @Field(() => Boolean, { description: 'A password was set at step 1; going forward again may leave it empty.' })
  passwordSet!: boolean;

  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => IdTypeValue, { nullable: true })
  idType?: IdTypeValue;

  @Field(() => String, { nullable: true, description: 'As entered, to show it again on "previous step".' })
  idNumber?: string;

  @Field(() => String, { nullable: true })
  bankCode?: string;

  @Field(() => String, { nullable: true })
  cardNumber?: string;

  @Field(() => String, { nullable: true })
  phone?: string;

  @Field(() => Boolean, { description: 'The bank confirmed the four elements as entered.' })
  bankVerified!: boolean;

  @Field(() => SmsDeliveryType, { nullable: true })
  sms?: SmsDeliveryType;
}

@ObjectType('RegisteredUser')
export class RegisteredUserType {
  @Field(() => ID)
  userId!: string;

  @Field(() => String)
  username!: string;
}

@InputType('RegistrationLoginInput')
export class RegistrationLoginInput {
  @Field(() => String)
  username!: string;

  @Field(() => String, { nullable: true })
  password?: string;

  @Field(() => String, { nullable: true })
  confirmPassword?: string;
}

@InputType('RegistrationIdentityInput')
export class RegistrationIdentityInput {
  @Field(() => String)
  name!: string;

  @Field(() => IdTypeValue)
  idType!: IdTypeValue;

  @Field(() => String)
  idNumber!: string;
}

@InputType('RegistrationVerificationInput')
export class RegistrationVerificationInput {
  @Field(() => String)
  bankCode!: string;

  @Field(() => String)
  cardNumber!: string;

  @Field(() => String, { description: 'The mobile number reserved at the bank.' })
  phone!: string;

  @Field(() => String, { description: 'ID-10: a captcha answered before any text message goes out.' })
  captchaId!: string;

  @Field(() => String)
  captchaAnswer!: string;
}
