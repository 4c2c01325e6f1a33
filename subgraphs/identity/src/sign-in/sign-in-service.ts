import type { EntityManager } from '@mikro-orm/postgresql';
import type { DataProtector } from '@tessera/kit';
import { asynchronousCommit, executePrepared, type Logger } from '@tessera/kit';
import type { CaptchaService } from '../captcha/captcha-service';
import { errorCodeOf, identityError } from '../errors';
import type { PasswordHasher } from '../passwords/password-hasher';
import type { SessionService, SessionTokens } from '../sessions/session-service';
import { PasswordChangeTickets } from '../staff/password-change-ticket';
import { totp } from '../staff/totp';
import type { User } from '../users/user.entity';
import { isIdType } from '../validation/id-document';
import { LoginThrottle } from './login-throttle';
import { SignInEvent } from './sign-in-event.entity';
import { recordingSignIn, type SignInOutcomeRecord } from './sign-in-history';

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

/** Signed in: a new session, and what the sign-in read of the account (so callers need not read it again). */
export interface SignedIn extends SessionTokens {
  status: 'SIGNED_IN';
  account: SignedInAccount;
}

/** The account a sign-in opened a session for, as the single sign-on's result needs it. */
export interface SignedInAccount {
  id: string;
  kind: User['kind'];
  /** Real-name verified (ID-5). */
  verified: boolean;
  /** A staff member who proved a second factor (TOTP) in this sign-in. */
  secondFactor: boolean;
}

/**
 * A staff member signed in with a temporary password (a new account, or one an administrator
 * reset): no session yet, only a ticket to set a new password with.
 */
export interface PasswordChangeRequired {
  status: 'PASSWORD_CHANGE_REQUIRED';
  passwordChangeTicket: string;
  /** Seconds the ticket stays valid. */
  ticketExpiresIn: number;
}

export type SignInOutcome = SignedIn | PasswordChangeRequired;

export interface SignInDependencies {
  em: EntityManager;
  hasher: PasswordHasher;
  captcha: CaptchaService;
  sessions: SessionService;
  protector: DataProtector;
  log: Logger;
  /** LEGACY_ID_LOGIN_UNTIL: the end of sign-in by ID number (ID-11). */
  legacyIdSignInUntil: Date;
  /** Tickets of the temporary-password step; stateless, made from the protector when not given. */
  tickets?: PasswordChangeTickets;
  /** Told how each attempt ended: `success`, `password_change_required` or the code it was refused with (metrics). */
  onOutcome?: (method: string, outcome: string) => void;
}

/** Which account a sign-in names: by username, or by ID number for citizens (ID-11). */
type AccountMatch = { column: 'username' | 'id_number_index'; value: string };

/** One sign-in attempt: the login it throttles, how it signs in, when; its place in the login's count, once reserved. */
interface Attempt {
  login: string;
  method: string;
  now: Date;
  failures?: number;
}

/** What sign-in needs of an account: its password, its state, and what its tokens carry. */
export type SignInAccount = Pick<
  User,
  | 'id'
  | 'kind'
  | 'roles'
  | 'passwordHash'
  | 'totpSecretSealed'
  | 'verifiedAt'
  | 'lockedAt'
  | 'passwordResetRequired'
  | 'passwordChangeRequired'
>;

/** The row a sign-in reads, in one statement: whether the captcha was fresh, the throttle of the login, the account. */
interface SignInRead {
  captcha_fresh: string | null;
  /** The login's count with this attempt; null when the login waits (or the captcha failed). */
  reserved_failures: number | null;
  id: string | null;
  kind: User['kind'];
  roles: User['roles'];
  password_hash: string | null;
  totp_secret_sealed: string | null;
  verified_at: string | null;
  locked_at: string | null;
  password_reset_required: boolean;
  password_change_required: boolean;
}

/** A timestamp of a raw row: MikroORM has the driver leave them as text. */
function at(value: string | null): Date | undefined {
  return value === null ? undefined : new Date(value);
}

function accountOf(row: SignInRead): SignInAccount | null {
  if (row.id === null) return null;
  return {
    id: row.id,
    kind: row.kind,
    roles: row.roles,
    passwordHash: row.password_hash ?? undefined,
    totpSecretSealed: row.totp_secret_sealed ?? undefined,
    verifiedAt: at(row.verified_at),
    lockedAt: at(row.locked_at),
    passwordResetRequired: row.password_reset_required,
    passwordChangeRequired: row.password_change_required,
  };
}

/**
 * Sign-in with username, password and captcha (ID-10), and the legacy sign-in by ID number
 * during the transition (ID-11). Unknown names and wrong passwords get the same answer after
 * the same work (a password hash is always verified); failures delay, then lock, per login name.
 * Each attempt is counted before its password is verified, so simultaneous guesses cannot pass
 * the lock (see LoginThrottle); a success clears the count. A successful sign-in costs two round
 * trips to the database: one statement spends the captcha, reserves the attempt and reads the
 * account, one writes the session with its history entry and clears the count.
 */
export class SignInService {
  private readonly decoy: Promise<string>;
  private readonly throttle: LoginThrottle;
  private readonly tickets: PasswordChangeTickets;

  constructor(private readonly deps: SignInDependencies) {
    this.decoy = deps.hasher.hash('decoy password for unknown names');
    this.throttle = new LoginThrottle(deps.protector);
    this.tickets = deps.tickets ?? new PasswordChangeTickets(deps.protector);
  }

  async signIn(input: PasswordSignIn, now = new Date()): Promise<SignInOutcome> {
    return this.counted('password', async () => {
      const username = input.username.normalize('NFKC').trim().toLowerCase();
      const attempt = { login: `username:${username}`, method: 'password', now };
      const user = await this.read(input, attempt, { column: 'username', value: username });
      return this.checkPassword(attempt, user, input.password, input.totpCode);
    });
  }

  /** The transition of sign-in by ID number (ID-11): its end, and whether it is still open at `now`. */
  legacyIdSignIn(now = new Date()): { open: boolean; until: Date } {
    return { open: now < this.deps.legacyIdSignInUntil, until: this.deps.legacyIdSignInUntil };
  }

  signInByIdNumber(input: LegacySignIn, now = new Date()): Promise<SignInOutcome> {
    return this.counted('legacy_id_number', () => this.byIdNumber(input, now));
  }

  /** Tells `onOutcome` how an attempt ended: its status, or the code of its refusal. */
  private async counted(method: string, attempt: () => Promise<SignInOutcome>): Promise<SignInOutcome> {
    try {
      const outcome = await attempt();
      this.deps.onOutcome?.(method, outcome.status === 'SIGNED_IN' ? 'success' : outcome.status);
      return outcome;
    } catch (error) {
      this.deps.onOutcome?.(method, errorCodeOf(error) ?? 'error');
      throw error;
    }
  }

  private async byIdNumber(input: LegacySignIn, now: Date): Promise<SignInOutcome> {
    if (!this.legacyIdSignIn(now).open) throw identityError('LEGACY_SIGN_IN_ENDED');
    const idType = input.idType && isIdType(input.idType) ? input.idType : 'RESIDENT_ID_CARD';
    const idNumber = input.idNumber.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
    const attempt = { login: `id:${idType}:${idNumber}`, method: 'legacy_id_number', now };
    const index = this.deps.protector.index('idNumber', `${idType}:${idNumber}`);
    const user = await this.read(input, attempt, { column: 'id_number_index', value: index });
    return this.checkPassword(attempt, user?.kind === 'citizen' ? user : null, input.password);
  }

  /** Verifies a captcha answer (ID-10); recovery and password change call it first. */
  requireCaptcha(answer: CaptchaAnswer, now = new Date()): Promise<void> {
    return this.deps.captcha.require(answer, now);
  }

  /**
   * Spends the captcha, reserves the attempt in the login's count (only with a fresh captcha
   * answered right) and reads the account, in one statement. Throws CAPTCHA_INVALID, or
   * SIGN_IN_LOCKED (recorded on a known account) while the login waits.
   */
  private async read(answer: CaptchaAnswer, attempt: Attempt, account: AccountMatch) {
    const spending = this.deps.captcha.spend(answer.captchaId, attempt.now);
    if (!spending) throw identityError('CAPTCHA_INVALID');
    const answered = this.deps.captcha.matches(spending.challenge, true, answer.captchaAnswer);
    const reservation = this.throttle.reservation(attempt.login, attempt.now, 'from "captcha" where ?::boolean', [
      answered,
    ]);
    const [row] = await executePrepared<SignInRead>(this.deps.em, {
      sql: `with "captcha" as (${spending.sql}), "attempt" as (${reservation.sql})
       select c."nonce" as "captcha_fresh", a."failures" as "reserved_failures",
              u."id", u."kind", u."roles", u."password_hash", u."totp_secret_sealed", u."verified_at",
              u."locked_at", u."password_reset_required", u."password_change_required"
       from ${asynchronousCommit}
       left join "captcha" c on true
       left join "attempt" a on true
       left join "identity"."user" u on u."${account.column}" = ?`,
      params: [...spending.params, ...reservation.params, account.value],
    });
    const { captcha_fresh, reserved_failures } = row as SignInRead;
    if (captcha_fresh === null || !answered) throw identityError('CAPTCHA_INVALID');
    const user = accountOf(row as SignInRead);
    if (reserved_failures === null) {
      const locked = await this.throttle.locked(this.deps.em, attempt.login, attempt.now);
      if (user) await this.record(this.deps.em.fork(), user, attempt, 'locked');
      throw locked;
    }
    attempt.failures = reserved_failures;
    return user;
  }

  private async checkPassword(
    attempt: Attempt,
    user: SignInAccount | null,
    password: string,
    totpCode?: string,
  ): Promise<SignInOutcome> {
    const { login, method, now } = attempt;
    const hash = user?.passwordHash ?? (await this.decoy);
    const matches = await this.deps.hasher.verify(hash, password);
    if (!user?.passwordHash || !matches || user.lockedAt) {
      if (user) await this.record(this.deps.em.fork(), user, attempt, user.lockedAt ? 'locked' : 'wrong_password');
      this.deps.log.info({ userKnown: !!user, failures: attempt.failures }, 'sign-in refused');
      throw identityError('INVALID_CREDENTIALS');
    }
    if (user.kind === 'staff') await this.requireSecondFactor(attempt, user, totpCode);
    if (user.passwordResetRequired) throw identityError('PASSWORD_RESET_REQUIRED');
    const countCleared = this.throttle.clearing(login);
    if (user.kind === 'staff' && user.passwordChangeRequired) {
      for (const statement of [recordingSignIn(user.id, method, 'password_change_required', now), countCleared]) {
        await executePrepared(this.deps.em, statement);
      }
      const { ticket, expiresIn } = this.tickets.issue(user, now);
      this.deps.log.info({ userId: user.id }, 'signed in with a temporary password: a new one is required');
      return { status: 'PASSWORD_CHANGE_REQUIRED', passwordChangeTicket: ticket, ticketExpiresIn: expiresIn };
    }
    const tokens = await this.deps.sessions.open(user, method, now, [
      recordingSignIn(user.id, method, 'success', now),
      countCleared,
    ]);
    this.deps.log.info({ userId: user.id, method }, 'signed in');
    const account = {
      id: user.id,
      kind: user.kind,
      verified: !!user.verifiedAt,
      secondFactor: user.kind === 'staff' && !!user.totpSecretSealed,
    };
    return { status: 'SIGNED_IN', ...tokens, account };
  }

  /**
   * Staff sign in with password + TOTP; asked for only once the password is right. Until the
   * sign-in succeeds, the attempt stays counted (a missing or wrong code included), so codes are
   * guessed no faster than passwords.
   */
  private async requireSecondFactor(attempt: Attempt, user: SignInAccount, code?: string): Promise<void> {
    if (!code) throw identityError('TOTP_REQUIRED');
    const secret = user.totpSecretSealed && this.deps.protector.open('totpSecret', user.totpSecretSealed);
    if (secret && totp.check(code, secret)) return;
    await this.record(this.deps.em.fork(), user, attempt, 'wrong_totp');
    throw identityError('TOTP_INVALID');
  }

  /** Writes a refused attempt on a known account to its sign-in history (ID-18), with what `em` holds. */
  private async record(em: EntityManager, user: SignInAccount, attempt: Attempt, outcome: SignInOutcomeRecord) {
    em.create(SignInEvent, { userId: user.id, method: attempt.method, outcome, at: attempt.now });
    await em.flush();
  }
}
