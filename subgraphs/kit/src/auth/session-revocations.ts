import type { Logger } from '../log/logger';

/**
 * Whether the session an access token belongs to (its `sid`) has ended: signed out, ended by the
 * user or an administrator, or closed by a password change or a lock. Access tokens are not
 * refused on signature alone: a token outlives its session by up to its own lifetime.
 */
export interface SessionRevocations {
  isRevoked(sessionId: string): Promise<boolean>;
}

/** One entry of identity's list of ended sessions (`GET /sessions/revoked`). */
export interface RevokedSession {
  sid: string;
  /** ISO time after which no access token of the session can be valid any more. */
  until: string;
}

export interface RevokedSessionList {
  revoked: RevokedSession[];
}

/** Where identity publishes the list: beside its JWKS, on the same server. */
export function revokedSessionsUrl(jwksUrl: string | URL): URL {
  return new URL('/sessions/revoked', jwksUrl);
}

export interface RemoteRevocationsOptions {
  url: URL;
  /**
   * The list is refetched at most this often, and at least this often while tokens with a session
   * arrive. With `everyRequest`, how long the last list is used alone after identity could not be reached.
   */
  refreshMs: number;
  /**
   * Check every token against a list fetched after the token arrived: the gateway, which answers
   * the clients, so that an ended session is refused from the first request after it ended,
   * whichever subgraphs the request would reach. Requests arriving together share one fetch.
   */
  everyRequest?: boolean;
  /** Time allowed for one fetch; defaults to the smaller of the refresh interval and 2 s. */
  timeoutMs?: number;
  log?: Logger;
}

/**
 * Identity's list of ended sessions whose access tokens may still be unexpired, held in memory.
 * The whole list (bounded by the access-token lifetime) is fetched, never a delta: a missed or
 * failed fetch heals at the next one. It is fetched on demand, when a token with a session
 * arrives and the list is older than the refresh interval (or, with `everyRequest`, older than
 * the token's arrival), so a verifier without traffic polls nothing. When identity cannot be
 * reached the last list is kept (and a warning logged): the platform keeps serving while
 * identity is down, and nobody can end a session meanwhile anyway.
 */
export class RemoteRevocations implements SessionRevocations {
  private revoked = new Map<string, number>();
  private etag?: string;
  /** Fetches started, and the number of the latest one finished: a request waits for the one it needs. */
  private started = 0;
  private finished = 0;
  private running?: Promise<void>;
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private failedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: RemoteRevocationsOptions) {}

  async isRevoked(sessionId: string): Promise<boolean> {
    const now = Date.now();
    const { everyRequest, refreshMs } = this.options;
    if (everyRequest ? now - this.failedAt >= refreshMs : now - this.fetchedAt >= refreshMs) {
      // A fetch already running started before this token arrived: with `everyRequest`, wait for the next one.
      const needed = everyRequest || !this.running ? this.started + 1 : this.started;
      while (this.finished < needed) {
        if (!this.running) {
          const run = this.load();
          this.running = run;
          void run.finally(() => {
            if (this.running === run) this.running = undefined;
          });
        }
        await this.running;
      }
    }
    const until = this.revoked.get(sessionId);
    return until !== undefined && until > Date.now();
  }

  private async load(): Promise<void> {
    const number = ++this.started;
    const startedAt = Date.now();
    try {
      const response = await fetch(this.options.url, {
        headers: this.etag ? { 'if-none-match': this.etag } : {},
        signal: AbortSignal.timeout(this.options.timeoutMs ?? Math.min(this.options.refreshMs, 2_000)),
      });
      if (response.status !== 304) {
        if (!response.ok) throw new Error(`revoked-session list answered ${response.status}`);
        const body = (await response.json()) as RevokedSessionList;
        if (!Array.isArray(body.revoked)) throw new Error('revoked-session list is malformed');
        this.revoked = new Map(body.revoked.map((r) => [String(r.sid), Date.parse(r.until)]));
        this.etag = response.headers.get('etag') ?? undefined;
      }
    } catch (error) {
      this.failedAt = Date.now();
      this.options.log?.warn({ err: error, url: this.options.url.toString() }, 'revoked sessions not refreshed');
    } finally {
      this.fetchedAt = startedAt;
      this.finished = Math.max(this.finished, number);
    }
  }
}
