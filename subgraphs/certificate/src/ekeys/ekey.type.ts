import { UUID } from '@tessera/kit';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsDateString,
  IsOptional,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum EKeyAlgorithmValue {
  RSA = 'rsa',
  ECC = 'ecc',
  SM2 = 'sm2',
}
registerEnumType(EKeyAlgorithmValue, {
  name: 'EKeyAlgorithm',
  description:
    'A key algorithm an EKey supports: RSA or ECC (国际, the international hierarchy) or SM2 (国密, with SM3 and the GM/T 0010 SM2 envelope).',
});

@ObjectType('EKey', { description: 'A USB key (智能密码钥匙) on record (CT-3): warranty, PIN failures, lock.' })
export class EKeyType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'The serial printed on the medium.' })
  serialNumber!: string;

  @Field(() => String)
  model!: string;

  @Field(() => [EKeyAlgorithmValue], { description: 'The key algorithms the medium supports.' })
  algorithms!: EKeyAlgorithmValue[];

  @Field(() => String, { description: 'Purchase date, `YYYY-MM-DD`.' })
  purchasedOn!: string;

  @Field(() => String, { description: 'Last day of the free-replacement warranty, one year after purchase (RA-8).' })
  warrantyEndsOn!: string;

  @Field(() => ID, { nullable: true, description: 'The identity `User` holding the key.' })
  holderUserId?: string | null;

  @Field(() => Int, { description: 'Wrong PINs in a row; the fifth locks the key.' })
  pinFailures!: number;

  @Field(() => Boolean)
  locked!: boolean;

  @Field(() => Date, { nullable: true })
  lockedAt?: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'The id of the RA unlock application behind the last unlock (RA-6).',
  })
  lastUnlockApplication?: string | null;

  @Field(() => Date)
  registeredAt!: Date;
}

@ObjectType('EKeyPinOutcome', { description: 'What a PIN attempt did to the key’s counter (CT-3).' })
export class EKeyPinOutcomeType {
  @Field(() => Boolean)
  locked!: boolean;

  @Field(() => Int, { description: 'Wrong PINs left before the key locks.' })
  remainingAttempts!: number;
}

@InputType('RegisterEKeyInput', { description: 'A medium handed out at issuance, recorded by the issuing clerk.' })
export class RegisterEKeyInput {
  @Field(() => String)
  @Matches(/^[A-Za-z0-9-]{4,64}$/)
  serialNumber!: string;

  @Field(() => String)
  @MaxLength(100)
  @Matches(/\S/)
  model!: string;

  @Field(() => [EKeyAlgorithmValue], {
    nullable: true,
    description: 'The key algorithms the medium supports (its middleware and chip); RSA and ECC when not given.',
  })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  @ArrayUnique()
  algorithms?: EKeyAlgorithmValue[];

  @Field(() => String, { description: 'Purchase date, `YYYY-MM-DD`.' })
  @IsDateString({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  purchasedOn!: string;

  @Field(() => UUID, { nullable: true })
  @IsOptional()
  @IsUUID()
  holderUserId?: string | null;
}
