import type { EntityManager } from '@mikro-orm/postgresql';
import type { DataProtector } from '@tessera/kit';
import { identityError } from '../errors';
import type { SessionService } from '../sessions/session-service';
import { SignInEvent } from '../sign-in/sign-in-event.entity';
import { User } from '../users/user.entity';
import { isIdType } from '../validation/id-document';
import { VerificationEvent } from '../verification/verification-event.entity';
import { AdminAction } from './admin-action.entity';

/** Exact-match search terms; personal numbers are found through their keyed index (ID-8). */
export interface UserSearch {
  username?: string;
  name?: string;
  phone?: string;
  idType?: string;
  idNumber?: string;
}

export interface UserHistory {
  user: User;
  signIns: SignInEvent[];
  verifications: VerificationEvent[];
}

/**
 * User comprehensive management (ID-18): search, history, lock and unlock, forced password
 * reset, ending sessions. Every call records the acting staff member.
 */
export class UserManagement {
  constructor(
    private readonly em: EntityManager,
    private readonly protector: DataProtector,
    private readonly sessions: SessionService,
  ) {}

  async search(actorId: string, terms: UserSearch, now = new Date()): Promise<User[]> {
    const where: Record<string, unknown> = {};
    if (terms.username) where.username = terms.username.normalize('NFKC').trim().toLowerCase();
    if (terms.name) where.displayName = terms.name.normalize('NFKC').trim();
    if (terms.phone) where.phoneIndex = this.protector.index('phone', terms.phone.replace(/\D/g, '').slice(-11));
    if (terms.idNumber) {
      const idType = terms.idType && isIdType(terms.idType) ? terms.idType : 'RESIDENT_ID_CARD';
      const idNumber = terms.idNumber.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
      where.idNumberIndex = this.protector.index('idNumber', `${idType}:${idNumber}`);
    }
    const fields = Object.keys(terms).filter((k) => terms[k as keyof UserSearch]);
    if (Object.keys(where).length === 0) return [];
    const em = this.em.fork();
    const users = await em.find(User, where, { limit: 50, orderBy: { createdAt: 'desc' } });
    await this.audit(em, actorId, 'search', undefined, fields.sort().join(','), now);
    return users;
  }

  /** The account with its verification data (masked), its bank checks and its last sign-ins. */
  async history(actorId: string, userId: string, now = new Date()): Promise<UserHistory> {
    const em = this.em.fork();
    const user = await this.find(em, userId);
    const signIns = await em.find(SignInEvent, { userId }, { orderBy: { at: 'desc' }, limit: 50 });
    const verifications = await em.find(VerificationEvent, { userId }, { orderBy: { at: 'desc' }, limit: 50 });
    await this.audit(em, actorId, 'view', userId, undefined, now);
    return { user, signIns, verifications };
  }

  async lock(actorId: string, userId: string, now = new Date()): Promise<User> {
    const em = this.em.fork();
    const user = await this.find(em, userId);
    user.lockedAt = now;
    await this.sessions.revokeAll(userId, 'locked by administrator', now, em);
    await this.audit(em, actorId, 'lock', userId, undefined, now);
    return user;
  }

  async unlock(actorId: string, userId: string, now = new Date()): Promise<User> {
    const em = this.em.fork();
    const user = await this.find(em, userId);
    user.lockedAt = undefined;
    await this.audit(em, actorId, 'unlock', userId, undefined, now);
    return user;
  }

  /**
   * The citizen must set a new password through recovery before signing in again. Staff do not
   * use recovery: their password is reset by an administrator (`TemporaryPasswords.reset`).
   */
  async forcePasswordReset(actorId: string, userId: string, now = new Date()): Promise<User> {
    const em = this.em.fork();
    const user = await this.find(em, userId);
    if (user.kind === 'staff') throw identityError('STAFF_PASSWORD_RESET_BY_ADMINISTRATOR');
    user.passwordResetRequired = true;
    await this.sessions.revokeAll(userId, 'password reset forced', now, em);
    await this.audit(em, actorId, 'force_password_reset', userId, undefined, now);
    return user;
  }

  async endSessions(actorId: string, userId: string, now = new Date()): Promise<number> {
    const em = this.em.fork();
    await this.find(em, userId);
    const ended = await this.sessions.revokeAll(userId, 'ended by administrator', now, em);
    await this.audit(em, actorId, 'end_sessions', userId, undefined, now);
    return ended;
  }

  /** The audit trail of one user's management, newest first. */
  actionsOn(userId: string): Promise<AdminAction[]> {
    return this.em.fork().find(AdminAction, { targetUserId: userId }, { orderBy: { at: 'desc' }, limit: 100 });
  }

  private async find(em: EntityManager, userId: string): Promise<User> {
    const user = /^[0-9a-f-]{36}$/.test(userId) ? await em.findOne(User, { id: userId }) : null;
    if (!user) throw identityError('USER_NOT_FOUND');
    return user;
  }

  /** The administrators' actions on one business system (ID-17), newest first. */
  actionsOnSystem(systemCode: string): Promise<AdminAction[]> {
    return this.em.fork().find(AdminAction, { systemCode }, { orderBy: { at: 'desc' }, limit: 100 });
  }

  /**
   * Records an administrator's action that happened elsewhere (application systems, ID-17; staff
   * accounts), on a user (by id) or a business system, in the caller's transaction when given one.
   */
  record(
    actorId: string,
    action: string,
    target?: string | { systemCode: string },
    detail?: string,
    now = new Date(),
    em: EntityManager = this.em.fork(),
  ): Promise<void> {
    if (typeof target === 'object') {
      em.create(AdminAction, { actorId, action, systemCode: target.systemCode, detail, at: now });
      return em.flush();
    }
    return this.audit(em, actorId, action, target, detail, now);
  }

  private async audit(
    em: EntityManager,
    actorId: string,
    action: string,
    targetUserId: string | undefined,
    detail: string | undefined,
    now: Date,
  ): Promise<void> {
    em.create(AdminAction, { actorId, action, targetUserId, detail, at: now });
    await em.flush();
  }
}
