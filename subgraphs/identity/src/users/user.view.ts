import type { User } from './user.entity';
import { AccountKindValue, UserType } from './user.type';
import type { UserRow } from './user-rows';

const kindValues: Record<User['kind'], AccountKindValue> = {
  citizen: AccountKindValue.CITIZEN,
  staff: AccountKindValue.STAFF,
  unit: AccountKindValue.UNIT,
};

/** The GraphQL view of an account. */
export function userView(user: UserRow): UserType {
  return Object.assign(new UserType(), {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    kind: kindValues[user.kind],
    createdAt: user.createdAt,
    idType: user.idType,
    idNumberMasked: user.idNumberMasked,
    bankCode: user.bankCode,
    cardNumberMasked: user.cardNumberMasked,
    phoneMasked: user.phoneMasked,
    verifiedAt: user.verifiedAt,
    verificationMethod: user.verificationMethod,
    locked: !!user.lockedAt,
    unitInsuranceNumber: user.unitInsuranceNumber,
    unitCreditCode: user.unitCreditCode,
  });
}
