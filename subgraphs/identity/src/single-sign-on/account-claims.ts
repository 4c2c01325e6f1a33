import type { EntityManager } from '@mikro-orm/postgresql';
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

/** What the provider may release of a user: verified data only, numbers masked (ID-8, ID-17). */
export function claimsOf(user: User): AccountClaims {
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

/** The provider's account lookup: an active (unlocked) account, by user id. */
export function findAccount(em: EntityManager) {
  return async (_ctx: unknown, id: string): Promise<Account | undefined> => {
    if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
    const user = await em.fork().findOne(User, { id });
    if (!user || user.lockedAt) return undefined;
    return { accountId: user.id, claims: () => claimsOf(user) };
  };
}

/** Whether the user may sign in to a system that requires real-name verified users (ID-3). */
export async function isRealNameVerified(em: EntityManager, userId: string): Promise<boolean> {
  const user = await em.fork().findOne(User, { id: userId }, { fields: ['id', 'verifiedAt'] });
  return Boolean(user?.verifiedAt);
}
