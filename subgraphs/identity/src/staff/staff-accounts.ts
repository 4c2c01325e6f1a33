import { type EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import type { DataProtector } from '@tessera/kit';
import { type StaffRole, staffRoles } from '@tessera/kit';
import { identityError } from '../errors';
import type { PasswordHasher } from '../passwords/password-hasher';
import type { UserManagement } from '../user-management/user-management';
import { User } from '../users/user.entity';
import { required } from '../validation/checked';
import { checkUsername } from '../validation/username';
import { newTemporaryPassword } from './temporary-passwords';
import { totp } from './totp';

export interface NewStaffAccount {
  username: string;
  displayName: string;
  roles: string[];
}

export interface CreatedStaffAccount {
  user: User;
  /** Shown once, handed over in person; temporary: the first sign-in sets a new one. */
  initialPassword: string;
  /** `otpauth://` URI of the second factor, shown once. */
  totpUri: string;
}

/** Staff accounts: created by administrators, with password + TOTP (RFC 6238) and their roles. */
export class StaffAccounts {
  constructor(
    private readonly em: EntityManager,
    private readonly hasher: PasswordHasher,
    private readonly protector: DataProtector,
    private readonly management: UserManagement,
  ) {}

  async create(actorId: string, account: NewStaffAccount): Promise<CreatedStaffAccount> {
    const username = required(checkUsername(account.username));
    const roles = [...new Set(account.roles)];
    if (
      !roles.length ||
      roles.some((r) => !(staffRoles as readonly string[]).includes(r)) ||
      !account.displayName.trim()
    ) {
      throw identityError('STAFF_ACCOUNT_INVALID');
    }
    const initialPassword = newTemporaryPassword();
    const secret = totp.newSecret();
    const em = this.em.fork();
    const user = em.create(User, {
      username,
      kind: 'staff',
      displayName: account.displayName.trim(),
      roles: roles as StaffRole[],
      passwordHash: await this.hasher.hash(initialPassword),
      passwordChangeRequired: true,
      totpSecretSealed: this.protector.seal('totpSecret', secret),
    });
    try {
      await em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw identityError('USERNAME_TAKEN');
      throw error;
    }
    await this.management.record(actorId, 'create_staff', user.id);
    return { user, initialPassword, totpUri: totp.uri(username, secret) };
  }
}
