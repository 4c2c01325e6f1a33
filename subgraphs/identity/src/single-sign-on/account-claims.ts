import type { EntityManager } from '@mikro-orm/postgresql';
import { executePrepared } from '@tessera/kit';
import type { Account, AccountClaims } from 'oidc-provider';
import { User } from '../users/user.entity';
import type { OidcUnitOfWork } from './oidc-unit-of-work';

/** Which claims each scope releases (issue 12, item 5); `acr`, `amr` and `sid` come with `openid`. */
export const scopeClaims = {
  openid: ['sub', 'acr', 'amr', 'sid', 'auth_time'],
  profile: ['preferred_username', 'name'],
  real_name: ['real_name_verified', 'real_name_method', 'real_name_verified_at', 'id_type', 'id_number_masked'],
  phone: ['phone_number', 'phone_number_verified'],
  /** Issue 15: whether the account is an insured unit, and the unit's name and numbers. */
  unit: ['account_kind', 'unit_name', 'unit_insurance_number', 'unit_credit_code'],
} as const;

/** How the user signed in, as `acr` values (weakest first). */
export const acrValues = {
  password: 'urn:tessera:acr:password',
  passwordAndOtp: 'urn:tessera:acr:password+otp',
  /** Issue 15: a signature with the key of a certificate Tessera issued (an EKey, a key file): `amr` `hwk`. */
  certificate: 'urn:tessera:acr:certificate',
} as const;

/** The fields of a user that claims are made of. */
export type ClaimSource = Pick<
  User,
  | 'id'
  | 'kind'
  | 'username'
  | 'displayName'
  | 'verifiedAt'
  | 'verificationMethod'
  | 'idType'
  | 'idNumberMasked'
  | 'phoneMasked'
  | 'unitInsuranceNumber'
  | 'unitCreditCode'
>;

/** What the provider may release of a user: verified data only, numbers masked (ID-8, ID-17). */
export function claimsOf(user: ClaimSource): AccountClaims {
  if (user.kind === 'unit') {
    // A unit is named by its certificates, which the CA issued after the RA checked its documents.
    return {
      sub: user.id,
      preferred_username: user.username,
      name: user.displayName,
      account_kind: 'unit',
      unit_name: user.displayName,
      ...(user.unitInsuranceNumber ? { unit_insurance_number: user.unitInsuranceNumber } : {}),
      ...(user.unitCreditCode ? { unit_credit_code: user.unitCreditCode } : {}),
      real_name_verified: false,
    };
  }
  const verified = Boolean(user.verifiedAt);
  return {
    sub: user.id,
    preferred_username: user.username,
    account_kind: user.kind,
    ...(verified ? { name: user.displayName } : {}),
    real_name_verified: verified,
    ...(verified
      ? {
          real_name_method: user.verificationMethod ?? 'bank_four_elements',
          real_name_verified_at: Math.floor((user.verifiedAt as Date).getTime() / 1000),
          ...(user.idType ? { id_type: user.idType } : {}),
          ...(user.idNumberMasked ? { id_number_masked: user.idNumberMasked } : {}),
        }
      : {}),
    ...(user.phoneMasked ? { phone_number: user.phoneMasked, phone_number_verified: true } : {}),
  };
}

/** The columns of an account the provider's claims need, as one row of `identity.user`. */
export interface AccountRow {
  id: string;
  kind: User['kind'];
  username: string;
  display_name: string;
  /** Read as text (the ORM's driver reads timestamps as text; JSON gives ISO text). */
  verified_at: string | null;
  verification_method: string | null;
  id_type: User['idType'] | null;
  id_number_masked: string | null;
  phone_masked: string | null;
  unit_insurance_number: string | null;
  unit_credit_code: string | null;
}

/** The columns of `AccountRow`, for statements that read an account along with something else. */
export const accountColumns = [
  'id',
  'kind',
  'username',
  'display_name',
  'verified_at',
  'verification_method',
  'id_type',
  'id_number_masked',
  'phone_masked',
  'unit_insurance_number',
  'unit_credit_code',
] as const satisfies readonly (keyof AccountRow)[];

/** An account id as the provider keeps it: a user id, or nothing that could be one. */
export const accountIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function accountOf(row: AccountRow): Account {
  const user: ClaimSource = {
    id: row.id,
    kind: row.kind,
    username: row.username,
    displayName: row.display_name,
    verifiedAt: row.verified_at ? new Date(row.verified_at) : undefined,
    verificationMethod: row.verification_method ?? undefined,
    idType: row.id_type ?? undefined,
    idNumberMasked: row.id_number_masked ?? undefined,
    phoneMasked: row.phone_masked ?? undefined,
    unitInsuranceNumber: row.unit_insurance_number ?? undefined,
    unitCreditCode: row.unit_credit_code ?? undefined,
  };
  return { accountId: user.id, claims: () => claimsOf(user) };
}

/**
 * The provider's account lookup: an active (unlocked) account, by user id. Every step of a sign-in
 * after the password asks for it, so it is one prepared statement reading the claims' columns only,
 * or none when the request's token lookup already read the account (`OidcReadAhead`).
 */
export function findAccount(em: EntityManager, work?: OidcUnitOfWork) {
  return async (_ctx: unknown, id: string): Promise<Account | undefined> => {
    if (!accountIdPattern.test(id)) return undefined;
    const known = work?.account<AccountRow>(id);
    if (known) return known.value ? accountOf(known.value) : undefined;
    const [row] = await executePrepared<AccountRow>(em, {
      sql: `select ${accountColumns.map((c) => `"${c}"`).join(', ')}
            from "identity"."user" where "id" = ? and "locked_at" is null`,
      params: [id],
    });
    return row ? accountOf(row) : undefined;
  };
}

/** Whether the user may sign in to a system that requires real-name verified users (ID-3). */
export async function isRealNameVerified(em: EntityManager, userId: string): Promise<boolean> {
  const user = await em.fork().findOne(User, { id: userId }, { fields: ['id', 'verifiedAt'] });
  return Boolean(user?.verifiedAt);
}
