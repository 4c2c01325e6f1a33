import type { GraphContext } from '@tessera/kit';
import type { User } from './user.entity';

/** What an account's GraphQL view is made of: its entity's fields, or the same read as a plain row. */
export type UserRow = Pick<
  User,
  | 'id'
  | 'username'
  | 'displayName'
  | 'kind'
  | 'createdAt'
  | 'idType'
  | 'idNumberMasked'
  | 'bankCode'
  | 'cardNumberMasked'
  | 'phoneMasked'
  | 'verifiedAt'
  | 'verificationMethod'
  | 'lockedAt'
  | 'unitInsuranceNumber'
  | 'unitCreditCode'
>;

/** The columns of a `UserRow`, named as its fields: masked forms only, nothing sealed (ID-8). */
const byIds = `select "id", "username", "display_name" as "displayName", "kind", "created_at" as "createdAt",
  "id_type" as "idType", "id_number_masked" as "idNumberMasked", "bank_code" as "bankCode",
  "card_number_masked" as "cardNumberMasked", "phone_masked" as "phoneMasked", "verified_at" as "verifiedAt",
  "verification_method" as "verificationMethod", "locked_at" as "lockedAt",
  "unit_insurance_number" as "unitInsuranceNumber", "unit_credit_code" as "unitCreditCode"
  from "identity"."user" where "id" = any(?::uuid[])`;

/** Accounts by id for reading (`me`, `user(id)`, `_entities`): one prepared statement per batch, plain rows. */
export function userRows(ctx: GraphContext) {
  return ctx.loaders.rowsById<UserRow>(byIds);
}
