import type { Platform } from '@tessera/gateway';
import { ApplicationSystem, CaptchaChallenges, clientSecretDigest, demoCitizen, demoPassword } from '@tessera/identity';
import { graphql } from './platform';

/**
 * A user agent for single-sign-on tests: keeps cookies per path like a browser, follows redirects
 * one at a time, and signs in through the provider's interaction API as the web client's page does.
 */
export class UserAgent {
  private readonly cookies = new Map<string, { value: string; path: string }>();

  constructor(private readonly origin: string) {}

  async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url, this.origin);
    const headers = new Headers(init.headers);
    if (target.origin === this.origin) {
      const cookie = [...this.cookies.entries()]
        .filter(([, c]) => target.pathname.startsWith(c.path))
        .map(([name, c]) => `${name}=${c.value}`)
        .join('; ');
      if (cookie) headers.set('cookie', cookie);
    }
    const response = await fetch(target, { ...init, headers, redirect: 'manual' });
    if (target.origin === this.origin) {
      for (const line of response.headers.getSetCookie()) {
        const [pair = '', ...attributes] = line.split(';').map((p) => p.trim());
        const name = pair.slice(0, pair.indexOf('='));
        const value = pair.slice(pair.indexOf('=') + 1);
        const path = attributes.find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
        const expired = attributes.some((a) => /^expires=thu, 01 jan 1970/i.test(a)) || value === '';
        if (expired) this.cookies.delete(name);
        else this.cookies.set(name, { value, path });
      }
    }
    return response;
  }

  /**
   * Follows redirects from `url` until one leaves the platform's origin (the business system's
   * redirect URI) or lands on a page (the interaction page, an error page): returns where it stopped.
   */
  async follow(url: string | URL, init: RequestInit = {}): Promise<{ url: URL; response: Response }> {
    let current = new URL(url, this.origin);
    let response = await this.fetch(current, init);
    for (let hop = 0; hop < 10; hop++) {
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return { url: current, response };
      current = new URL(location, current);
      if (current.origin !== this.origin) return { url: current, response };
      response = await this.fetch(current, { headers: { accept: 'text/html' } });
    }
    throw new Error('too many redirects');
  }

  /** The interaction API, as the web client's sign-in page calls it. */
  async interaction(uid: string, step: 'details' | 'login' | 'consent' | 'abort', body?: unknown) {
    const response = await this.fetch(`/oidc/interaction/${uid}/${step}`, {
      method: step === 'details' ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      ...(step === 'details' ? {} : { body: JSON.stringify(body ?? {}) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }
}

/** The standard PKCE pair of RFC 7636's appendix B, for tests that need one fixed challenge. */
export const rfc7636 = {
  verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
  challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
} as const;

/** The authorization request of a business system's sign-in link, with RFC 7636's PKCE challenge. */
export function authorizationUrl(origin: string, clientId: string, redirectUri: string, scope = 'openid profile'): URL {
  const authorize = new URL('/oidc/auth', origin);
  authorize.search = new URLSearchParams({
    client_id: clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope,
    code_challenge: rfc7636.challenge,
    code_challenge_method: 'S256',
  }).toString();
  return authorize;
}

/** A business system's token request for `code` (client_secret_basic), as its back end makes it. */
export function redeemCode(
  origin: string,
  system: { code: string; secret: string },
  code: string,
  redirectUri: string,
  verifier: string = rfc7636.verifier,
): Promise<Response> {
  return fetch(`${origin}/oidc/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${system.code}:${system.secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    }),
  });
}

/** A captcha issued through the gateway, minted again with an answer the test knows. */
export async function solvedCaptcha(platform: Platform): Promise<{ captchaId: string; captchaAnswer: string }> {
  const response = await graphql<{ issueCaptcha: { id: string } }>(
    platform.gateway.url,
    'mutation { issueCaptcha { id } }',
  );
  const id = response.body.data?.issueCaptcha.id as string;
  const captchaAnswer = 'test';
  const captchaId = new CaptchaChallenges(platform.identity.services.protector).withAnswer(id, captchaAnswer);
  return { captchaId: captchaId as string, captchaAnswer };
}

/** The uid of the interaction page a redirect landed on. */
export function interactionUid(url: URL): string {
  const match = /^\/oidc\/interaction\/([\w-]+)$/.exec(url.pathname);
  if (!match?.[1]) throw new Error(`not an interaction page: ${url}`);
  return match[1];
}

/** Signs the demo citizen (or `who`) in on the interaction page `uid`; returns where the provider sent the browser. */
export async function signInAt(
  agent: UserAgent,
  platform: Platform,
  uid: string,
  who: { username: string; password: string } = { username: demoCitizen.username, password: demoPassword },
) {
  const login = await agent.interaction(uid, 'login', {
    method: 'password',
    ...who,
    ...(await solvedCaptcha(platform)),
  });
  if (login.status !== 200) throw new Error(`sign-in refused: ${JSON.stringify(login.body)}`);
  return agent.follow(login.body.redirectTo as string, { headers: { accept: 'text/html' } });
}

export interface SystemSettings extends Partial<ApplicationSystem> {
  code: string;
  secret?: string;
}

/** Registers a business system straight in identity's tables (the admin API has its own tests). */
export async function registerSystem(platform: Platform, settings: SystemSettings): Promise<void> {
  const em = platform.identity.orm.em.fork();
  const { secret, ...fields } = settings;
  em.create(ApplicationSystem, {
    name: `系统 ${settings.code}`,
    owner: 'test',
    scopes: ['openid', 'profile', 'real_name', 'phone', 'offline_access'],
    ...(secret ? { secretDigest: clientSecretDigest(platform.identity.services.protector, secret) } : {}),
    secretIssuedAt: new Date(),
    consentRequired: false,
    ...fields,
  } as ApplicationSystem);
  await em.flush();
}
