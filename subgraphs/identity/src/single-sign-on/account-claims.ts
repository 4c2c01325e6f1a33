import type { EntityManager } from '@mikro-orm/postgresql';
import { executePrepared } from '@tessera/kit';
import type { Account, AccountClaims } from 'oidc-provider';
import { User } from '../users/user.entity';

/** Which claims each scope releases (issue 12, item 5); `acr`, `amr` and `sid` come with `openid`. */
export const scopeClaims = {
  openid: ['sub', 'acr', 'amr', 'sid', 'auth_time'],
  profile: ['preferred_username', 'name'],
  real_name: ['real_name_verified', 'real_name_method', 'real_name_verified_at', 'id_type', 'id_number_masked'],
  phone: ['phone_number', 'phone_number_verified'],
} as const;

/** How the user signed in, as `acr` values (weakest first). */
export const acrValues = {
  password: 'urn:tessera:acr:password',
  passwordAndOtp: 'urn:tessera:acr:password+otp',
} as const;

/** The fields of a user that claims are made of. */
export type ClaimSource = Pick<
  User,
  'id' | 'username' | 'displayName' | 'verifiedAt' | 'verificationMethod' | 'idType' | 'idNumberMasked' | 'phoneMasked'
>;

/** What the provider may release of a user: verified data only, numbers masked (ID-8, ID-17). */
export function claimsOf(user: ClaimSource): AccountClaims {
  const verified = Boolean(user.verifiedAt);
  return {
    sub: user.id,
    preferred_username: user.username,
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

/**
 * The provider's account lookup: an active (unlocked) account, by user id. Every step of a sign-in
 * after the password asks for it, so it is one prepared statement reading the claims' columns only.
 */
export function findAccount(em: EntityManager) {
  return async (_ctx: unknown, id: string): Promise<Account | undefined> => {
    if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
    const [row] = await executePrepared<{
      id: string;
      username: string;
      display_name: string;
      /** The ORM's driver reads timestamps as text. */
      verified_at: string | null;
      verification_method: string | null;
      id_type: User['idType'] | null;
      id_number_masked: string | null;
      phone_masked: string | null;
    }>(em, {
      sql: `select "id", "username", "display_name", "verified_at", "verification_method", "id_type", "id_number_masked", "phone_masked"
            from "identity"."user" where "id" = ? and "locked_at" is null`,
      params: [id],
    });
    if (!row) return undefined;
    const user: ClaimSource = {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      verifiedAt: row.verified_at ? new Date(row.verified_at) : undefined,
      verificationMethod: row.verification_method ?? undefined,
      idType: row.id_type ?? undefined,
      idNumberMasked: row.id_number_masked ?? undefined,
      phoneMasked: row.phone_masked ?? undefined,
    };
    return { accountId: user.id, claims: () => claimsOf(user) };
  };
}

/** Whether the user may sign in to a system that requires real-name verified users (ID-3). */
export async function isRealNameVerified(em: EntityManager, userId: string): Promise<boolean> {
  const user = await em.fork().findOne(User, { id: userId }, { fields: ['id', 'verifiedAt'] });
  return Boolean(user?.verifiedAt);
}
