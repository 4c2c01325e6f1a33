import type { EntityManager } from '@mikro-orm/postgresql';
import { identityError } from '../errors';
import type { PasswordHasher } from '../passwords/password-hasher';
import type { SessionService } from '../sessions/session-service';
import { User } from '../users/user.entity';
import { required } from '../validation/checked';
import {
  checkConfirmation,
  checkPassword,
  defaultPasswordPolicy,
  type PasswordPolicy,
} from '../validation/password-policy';
import type { LoginThrottle } from './login-throttle';
import type { CaptchaAnswer, SignInService } from './sign-in-service';

export interface PasswordChangeRequest extends CaptchaAnswer {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/**
 * Changing the password while signed in (ID-15): afterwards every session ends. The current
 * password is guessed no faster than at sign-in: each attempt is counted before it is verified
 * (per account, with the lockout schedule of sign-in), and a right one clears the count.
 */
export class PasswordChange {
  constructor(
    private readonly em: EntityManager,
    private readonly hasher: PasswordHasher,
    private readonly signIn: SignInService,
    private readonly sessions: SessionService,
    private readonly throttle: LoginThrottle,
    private readonly policy: PasswordPolicy = defaultPasswordPolicy,
  ) {}

  /** Returns how many sessions were ended. */
  async change(userId: string, request: PasswordChangeRequest, now = new Date()): Promise<number> {
    await this.signIn.requireCaptcha(request, now);
    const em = this.em.fork();
    const attempts = `password-change:${userId}`;
    await this.throttle.reserve(em, attempts, now);
    const user = await em.findOne(User, { id: userId }, { populate: ['passwordHash'] });
    if (!user?.passwordHash || !(await this.hasher.verify(user.passwordHash, request.currentPassword))) {
      throw identityError('CURRENT_PASSWORD_WRONG');
    }
    await this.throttle.clear(em, attempts);
    if (request.newPassword === request.currentPassword) throw identityError('PASSWORD_SAME_AS_CURRENT');
    const password = required(checkPassword(request.newPassword, user.username, this.policy));
    required(checkConfirmation(password, request.confirmPassword));
    user.passwordHash = await this.hasher.hash(password);
    return em.transactional(async (tx) => {
      await tx.flush();
      return this.sessions.revokeAll(user.id, 'password changed', now, tx);
    });
  }
}
