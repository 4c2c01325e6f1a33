import { randomInt } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { DataProtector } from '@tessera/kit';
import { identityError } from '../errors';
import type { PasswordHasher } from '../passwords/password-hasher';
import type { SessionService, SessionTokens } from '../sessions/session-service';
import { recordingSignIn } from '../sign-in/sign-in-history';
import type { UserManagement } from '../user-management/user-management';
import { User } from '../users/user.entity';
import { required } from '../validation/checked';
import {
  checkConfirmation,
  checkPassword,
  defaultPasswordPolicy,
  type PasswordPolicy,
} from '../validation/password-policy';
import type { PasswordChangeTickets } from './password-change-ticket';
import { totp } from './totp';

export interface StaffPasswordReset {
  user: User;
  /** Shown once, handed over in person; good for one sign-in that sets a new password. */
  temporaryPassword: string;
  /** `otpauth://` URI of a new second factor, when the old one was replaced too (a lost phone). */
  totpUri?: string;
}

export interface TemporaryPasswordChange {
  ticket: string;
  newPassword: string;
  confirmPassword: string;
}

export interface TemporaryPasswordDependencies {
  em: EntityManager;
  hasher: PasswordHasher;
  protector: DataProtector;
  sessions: SessionService;
  management: UserManagement;
  tickets: PasswordChangeTickets;
  policy?: PasswordPolicy;
}

const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** 14 random letters and digits plus `-9`: every class the password policy asks for. */
export function newTemporaryPassword(): string {
  return `${Array.from({ length: 14 }, () => alphabet[randomInt(alphabet.length)]).join('')}-9`;
}

/**
 * Staff passwords administrators hand over (ID-18): a new account's first password and a reset
 * one are temporary. Signing in with one leads only to setting a new one (Keycloak's "update
 * password" required action); until then the account has no session, so nothing else can be done.
 * Staff never use the citizens' bank-based recovery: an administrator resets their password.
 */
export class TemporaryPasswords {
  constructor(private readonly deps: TemporaryPasswordDependencies) {}

  /**
   * An administrator resets a staff member's password (and, when the authenticator was lost, the
   * second factor): every session ends, the next sign-in must set a new password. Audited.
   */
  async reset(
    actorId: string,
    userId: string,
    newSecondFactor: boolean,
    now = new Date(),
  ): Promise<StaffPasswordReset> {
    const em = this.deps.em.fork();
    const user = /^[0-9a-f-]{36}$/.test(userId) ? await em.findOne(User, { id: userId }) : null;
    if (!user) throw identityError('USER_NOT_FOUND');
    if (user.kind !== 'staff') throw identityError('NOT_A_STAFF_ACCOUNT');
    const temporaryPassword = newTemporaryPassword();
    user.passwordHash = await this.deps.hasher.hash(temporaryPassword);
    user.passwordChangeRequired = true;
    const secret = newSecondFactor ? totp.newSecret() : undefined;
    if (secret) user.totpSecretSealed = this.deps.protector.seal('totpSecret', secret);
    await em.transactional(async (tx) => {
      await tx.flush();
      await this.deps.sessions.revokeAll(user.id, 'password reset by administrator', now, tx);
      await this.deps.management.record(
        actorId,
        'reset_staff_password',
        user.id,
        secret ? 'with_second_factor' : undefined,
        now,
        tx,
      );
    });
    return { user, temporaryPassword, ...(secret ? { totpUri: totp.uri(user.username, secret) } : {}) };
  }

  /**
   * Sets the new password with the ticket of a sign-in with the temporary one, and signs in.
   * The ticket is single use: the compare-and-set on the password hash lets one of two uses win.
   */
  async complete(change: TemporaryPasswordChange, now = new Date()): Promise<SessionTokens> {
    const userId = this.deps.tickets.accountOf(change.ticket, now);
    const em = this.deps.em.fork();
    const user = userId ? await em.findOne(User, { id: userId }, { populate: ['passwordHash'] }) : null;
    if (
      !user?.passwordHash ||
      user.kind !== 'staff' ||
      !user.passwordChangeRequired ||
      user.lockedAt ||
      !this.deps.tickets.holds(change.ticket, user)
    ) {
      throw identityError('PASSWORD_CHANGE_TICKET_INVALID');
    }
    const password = required(
      checkPassword(change.newPassword, user.username, this.deps.policy ?? defaultPasswordPolicy),
    );
    required(checkConfirmation(password, change.confirmPassword));
    if (await this.deps.hasher.verify(user.passwordHash, password)) throw identityError('PASSWORD_SAME_AS_CURRENT');
    const changed = await em.nativeUpdate(
      User,
      { id: user.id, passwordHash: user.passwordHash, passwordChangeRequired: true },
      { passwordHash: await this.deps.hasher.hash(password), passwordChangeRequired: false },
    );
    if (changed !== 1) throw identityError('PASSWORD_CHANGE_TICKET_INVALID');
    return this.deps.sessions.open(user, 'password', now, [recordingSignIn(user.id, 'password', 'success', now)]);
  }
}
