import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '@tessera/kit';
import type { CaptchaService } from '../captcha/captcha-service';
import { identityError } from '../errors';
import type { PasswordHasher } from '../passwords/password-hasher';
import type { DataProtector } from '../protection/data-protector';
import type { SessionService, SessionTokens } from '../sessions/session-service';
import { totp } from '../staff/totp';
import { User } from '../users/user.entity';
import { isIdType } from '../validation/id-document';
import { LoginThrottle } from './login-throttle';
import { SignInEvent } from './sign-in-event.entity';

export interface CaptchaAnswer {
  captchaId: string;
  captchaAnswer: string;
}

export interface PasswordSignIn extends CaptchaAnswer {
  username: string;
  password: string;
  /** Staff only: the RFC 6238 code of their authenticator. */
  totpCode?: string;
}

export interface LegacySignIn extends CaptchaAnswer {
  idType?: string;
  idNumber: string;
  password: string;
}

export interface SignInDependencies {
  em: EntityManager;
  hasher: PasswordHasher;
  captcha: CaptchaService;
  sessions: SessionService;
  protector: DataProtector;
  log: Logger;
  /** LEGACY_ID_LOGIN_UNTIL: the end of sign-in by ID number (ID-11). */
  legacyIdSignInUntil: Date;
}

/**
 * Sign-in with username, password and captcha (ID-10), and the legacy sign-in by ID number
 * during the transition (ID-11). Unknown names and wrong passwords get the same answer after
 * the same work (a password hash is always verified); failures delay, then lock, per login name.
 */
export class SignInService {
  private readonly decoy: Promise<string>;
  private readonly throttle: LoginThrottle;

  constructor(private readonly deps: SignInDependencies) {
    this.decoy = deps.hasher.hash('decoy password for unknown names');
    this.throttle = new LoginThrottle(deps.protector);
  }

  async signIn(input: PasswordSignIn, now = new Date()): Promise<SessionTokens> {
    await this.requireCaptcha(input, now);
    const username = input.username.normalize('NFKC').trim().toLowerCase();
    const user = await this.deps.em
      .fork()
      .findOne(User, { username }, { populate: ['passwordHash', 'totpSecretSealed'] });
    return this.checkPassword(`username:${username}`, user, input.password, 'password', now, input.totpCode);
  }

  async signInByIdNumber(input: LegacySignIn, now = new Date()): Promise<SessionTokens> {
    if (now >= this.deps.legacyIdSignInUntil) throw identityError('LEGACY_SIGN_IN_ENDED');
    await this.requireCaptcha(input, now);
    const idType = input.idType && isIdType(input.idType) ? input.idType : 'RESIDENT_ID_CARD';
    const idNumber = input.idNumber.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
    const index = this.deps.protector.index('idNumber', `${idType}:${idNumber}`);
    const user = await this.deps.em
      .fork()
      .findOne(User, { idNumberIndex: index, kind: 'citizen' }, { populate: ['passwordHash'] });
    return this.checkPassword(`id:${idType}:${idNumber}`, user, input.password, 'legacy_id_number', now);
  }

  /** Verifies a captcha answer (ID-10); sign-in, recovery and password change call it first. */
  requireCaptcha(answer: CaptchaAnswer, now = new Date()): Promise<void> {
    return this.deps.captcha.require(answer, now);
  }

  private async checkPassword(
    login: string,
    user: User | null,
    password: string,
    method: string,
    now: Date,
    totpCode?: string,
  ): Promise<SessionTokens> {
    const em = this.deps.em.fork();
    let earlierFailures: number;
    try {
      earlierFailures = await this.throttle.check(em, login, now);
    } catch (locked) {
      if (user) {
        em.create(SignInEvent, { userId: user.id, method, outcome: 'locked', at: now });
        await em.flush();
      }
      throw locked;
    }
    const hash = user?.passwordHash ?? (await this.decoy);
    const matches = await this.deps.hasher.verify(hash, password);
    if (!user?.passwordHash || !matches || user.lockedAt) {
      const failures = await this.throttle.fail(em, login, now);
      if (user) {
        em.create(SignInEvent, {
          userId: user.id,
          method,
          outcome: user.lockedAt ? 'locked' : 'wrong_password',
          at: now,
        });
      }
      await em.flush();
      this.deps.log.info({ userKnown: !!user, failures }, 'sign-in refused');
      throw identityError('INVALID_CREDENTIALS');
    }
    if (user.kind === 'staff') await this.requireSecondFactor(em, login, user, totpCode, now);
    if (earlierFailures > 0) await this.throttle.clear(em, login);
    if (user.passwordResetRequired) throw identityError('PASSWORD_RESET_REQUIRED');
    em.create(SignInEvent, { userId: user.id, method, outcome: 'success', at: now });
    const tokens = await this.deps.sessions.open(user, method, now, em);
    this.deps.log.info({ userId: user.id, method }, 'signed in');
    return tokens;
  }

  /** Staff sign in with password + TOTP; asked for only once the password is right. */
  private async requireSecondFactor(
    em: EntityManager,
    login: string,
    user: User,
    code: string | undefined,
    now: Date,
  ): Promise<void> {
    if (!code) throw identityError('TOTP_REQUIRED');
    const secret = user.totpSecretSealed && this.deps.protector.open('totpSecret', user.totpSecretSealed);
    if (secret && totp.check(code, secret)) return;
    await this.throttle.fail(em, login, now);
    em.create(SignInEvent, { userId: user.id, method: 'password', outcome: 'wrong_totp', at: now });
    await em.flush();
    throw identityError('TOTP_INVALID');
  }
}
