/** What identity's sign-in and refresh return, as far as the clients keep it. */
export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
}

/** Tokens as identity answers them: absent while a sign-in is not complete. */
export interface IssuedTokens {
  accessToken: string | null;
  refreshToken: string | null;
}

type Listener = () => void;

/**
 * The signed-in session of one browser tab: tokens live in sessionStorage (gone when the tab
 * closes, never shared with other tabs), and components re-render when it changes.
 */
export class Session {
  private tokens: SessionTokens | null;
  private readonly listeners = new Set<Listener>();

  constructor(private readonly storageKey: string) {
    const stored = sessionStorage.getItem(storageKey);
    this.tokens = stored ? (JSON.parse(stored) as SessionTokens) : null;
  }

  accessToken(): string | undefined {
    return this.tokens?.accessToken;
  }

  refreshToken(): string | undefined {
    return this.tokens?.refreshToken;
  }

  signedIn(): boolean {
    return this.tokens !== null;
  }

  /** The claims of the access token (identity signs it; the client only reads it for display). */
  claims(): Record<string, unknown> {
    const payload = this.tokens?.accessToken.split('.')[1];
    if (!payload) return {};
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<
      string,
      unknown
    >;
  }

  /**
   * Keeps the tokens of a completed sign-in or renewal. An answer without both tokens (a sign-in
   * that still needs a password change) starts nothing and ends any session: false.
   */
  start(tokens: IssuedTokens): boolean {
    const { accessToken, refreshToken } = tokens;
    if (!accessToken || !refreshToken) {
      this.end();
      return false;
    }
    this.tokens = { accessToken, refreshToken };
    sessionStorage.setItem(this.storageKey, JSON.stringify(this.tokens));
    this.notify();
    return true;
  }

  end(): void {
    if (!this.tokens) return;
    this.tokens = null;
    sessionStorage.removeItem(this.storageKey);
    this.notify();
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
