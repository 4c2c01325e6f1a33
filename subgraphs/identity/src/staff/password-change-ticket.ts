import { timingSafeEqual } from 'node:crypto';
import type { DataProtector } from '@tessera/kit';

/** How long the step from a sign-in with a temporary password to setting a new one may take. */
export const passwordChangeTicketTtlSeconds = 600;

export interface IssuedTicket {
  ticket: string;
  expiresIn: number;
}

/**
 * The proof, between a sign-in with a temporary password (and the second factor) and setting the
 * new password, that both were right: `userId.expiry.mac`, the mac a keyed hash over both and the
 * current password hash. It expires, needs no storage, and is single use: the new password voids it.
 */
export class PasswordChangeTickets {
  constructor(
    private readonly protector: DataProtector,
    private readonly ttlSeconds = passwordChangeTicketTtlSeconds,
  ) {}

  issue(user: { id: string; passwordHash?: string }, now = new Date()): IssuedTicket {
    const expires = Math.floor(now.getTime() / 1000) + this.ttlSeconds;
    const mac = this.mac(user.id, expires, user.passwordHash ?? '');
    return { ticket: `${user.id}.${expires}.${mac}`, expiresIn: this.ttlSeconds };
  }

  /** The account a well-formed, unexpired ticket names; `holds` then checks it against the account. */
  accountOf(ticket: string, now = new Date()): string | undefined {
    const [userId, expires] = ticket.split('.');
    if (!userId || !/^[0-9a-f-]{36}$/.test(userId) || !/^\d{1,12}$/.test(expires ?? '')) return undefined;
    return Number(expires) * 1000 > now.getTime() ? userId : undefined;
  }

  /** True when the ticket was issued for this account while it had this password hash. */
  holds(ticket: string, user: { id: string; passwordHash?: string }): boolean {
    const [userId, expires, mac] = ticket.split('.');
    if (userId !== user.id || !expires || !mac) return false;
    const expected = Buffer.from(this.mac(user.id, Number(expires), user.passwordHash ?? ''));
    const presented = Buffer.from(mac);
    return presented.length === expected.length && timingSafeEqual(presented, expected);
  }

  private mac(userId: string, expires: number, passwordHash: string): string {
    return this.protector.digest('password-change-ticket', `${userId}\0${expires}\0${passwordHash}`);
  }
}
