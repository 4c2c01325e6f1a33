import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '@tessera/kit';
import { BackchannelLogout } from './backchannel-logout.entity';

/** Sends one logout token (the provider signs it and posts it to the system's back-channel URI). */
export type LogoutDelivery = (systemCode: string, subject: string, sid: string) => Promise<void>;

export type LogoutState = 'pending' | 'delivered' | 'abandoned';

/** What an attempt's failure says, with its cause (fetch's `fetch failed` hides ECONNREFUSED there). */
function failureOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause =
    error.cause instanceof Error ? `: ${(error.cause as Error & { code?: string }).code ?? error.cause.message}` : '';
  return `${error.message}${cause}`;
}

/** Seconds to wait after each failed attempt; after the last, the logout is given up (an administrator may retry). */
export const retrySchedule = [2, 10, 30, 120, 600, 3600, 6 * 3600] as const;

/** How long a replica holds a claimed logout before another may try it. */
const leaseSeconds = 60;
const pollEveryMs = 2000;
const batchSize = 20;

/**
 * The back-channel logout outbox (OIDC Back-Channel Logout 1.0, issue 12 item 6): rows are queued
 * in the same statement that ends a session (`SessionService`); every replica polls, claims due
 * rows with `for update skip locked` (so each is sent by one replica at a time), posts the logout
 * token and records the outcome, retrying with backoff.
 */
export class BackchannelLogouts {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  /** Told how each delivery attempt ended (identity's metrics set it). */
  onOutcome: (outcome: 'delivered' | 'retry' | 'abandoned') => void = () => undefined;

  constructor(
    private readonly em: EntityManager,
    private readonly deliver: LogoutDelivery,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.kick(), pollEveryMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Delivers what is due now (after a session ended here; the timer covers the other replicas). */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .then(() => undefined)
      .catch((error: unknown) => this.log.error({ err: error }, 'back-channel logout delivery failed'))
      .finally(() => {
        this.running = undefined;
        if (this.again && this.timer) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Delivers every due logout, batch by batch; returns how many were attempted. */
  async drain(now = () => new Date()): Promise<number> {
    let attempted = 0;
    for (;;) {
      const due = await this.claim(now());
      if (due.length === 0) return attempted;
      attempted += due.length;
      await Promise.all(due.map((logout) => this.attempt(logout, now)));
    }
  }

  /** The outbox, newest first, for administrators: pending (retrying), delivered or given-up logouts. */
  list(filter: { state?: LogoutState; systemCode?: string } = {}, limit = 100): Promise<BackchannelLogout[]> {
    const byState = {
      pending: { deliveredAt: null, abandonedAt: null },
      delivered: { deliveredAt: { $ne: null } },
      abandoned: { deliveredAt: null, abandonedAt: { $ne: null } },
    } as const;
    return this.em.fork().find(
      BackchannelLogout,
      {
        ...(filter.systemCode ? { systemCode: filter.systemCode } : {}),
        ...(filter.state ? byState[filter.state] : {}),
      },
      { orderBy: { createdAt: 'desc' }, limit: Math.min(Math.max(limit, 1), 500) },
    );
  }

  /** An administrator tries a given-up (or still failing) logout again now. */
  async retry(id: string): Promise<BackchannelLogout | null> {
    const em = this.em.fork();
    const logout = await em.findOne(BackchannelLogout, { id, deliveredAt: null });
    if (!logout) return null;
    Object.assign(logout, { abandonedAt: null, nextAttemptAt: new Date() });
    await em.flush();
    this.kick();
    return logout;
  }

  private async claim(now: Date): Promise<BackchannelLogout[]> {
    const rows = await this.em
      .fork()
      .execute<{ id: string; system_code: string; subject: string; sid: string; attempts: number }[]>(
        `update "identity"."backchannel_logout" set "next_attempt_at" = ? , "attempts" = "attempts" + 1
       where "id" in (select "id" from "identity"."backchannel_logout"
         where "delivered_at" is null and "abandoned_at" is null and "next_attempt_at" <= ?
         order by "next_attempt_at" limit ${batchSize} for update skip locked)
       returning "id", "system_code", "subject", "sid", "attempts"`,
        [new Date(now.getTime() + leaseSeconds * 1000), now],
      );
    return rows.map((r) =>
      Object.assign(new BackchannelLogout(), {
        id: r.id,
        systemCode: r.system_code,
        subject: r.subject,
        sid: r.sid,
        attempts: r.attempts,
      }),
    );
  }

  private async attempt(logout: BackchannelLogout, now: () => Date): Promise<void> {
    const em = this.em.fork();
    try {
      await this.deliver(logout.systemCode, logout.subject, logout.sid);
      await em.nativeUpdate(BackchannelLogout, { id: logout.id }, { deliveredAt: now(), lastError: null });
      this.log.info({ system: logout.systemCode, sid: logout.sid }, 'back-channel logout delivered');
      this.onOutcome('delivered');
    } catch (error) {
      const message = failureOf(error);
      const wait = retrySchedule[logout.attempts - 1];
      const at = now();
      await em.nativeUpdate(
        BackchannelLogout,
        { id: logout.id },
        wait === undefined
          ? { lastError: message.slice(0, 500), abandonedAt: at }
          : { lastError: message.slice(0, 500), nextAttemptAt: new Date(at.getTime() + wait * 1000) },
      );
      this.log.warn(
        { system: logout.systemCode, attempts: logout.attempts, err: { message } },
        wait === undefined ? 'back-channel logout given up' : 'back-channel logout failed, will retry',
      );
      this.onOutcome(wait === undefined ? 'abandoned' : 'retry');
    }
  }
}
