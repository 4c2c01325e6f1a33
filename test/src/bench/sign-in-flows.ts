import { createHash, randomBytes } from 'node:crypto';
import { graphql } from '../harness/platform';
import { interactionUid, UserAgent } from '../harness/sso';

/** The requests of one single sign-on, in order (the business system's two calls last). */
export const ssoSteps = ['captcha', 'authorize', 'interaction page', 'login', 'code', 'token', 'userinfo'] as const;
export const plainSteps = ['captcha', 'signIn'] as const;
export type Step = (typeof ssoSteps)[number] | (typeof plainSteps)[number];

/** Where and as whom the sign-ins are made: plain data, so that a worker thread can make them too. */
export interface SignInTarget {
  /** The gateway's origin. */
  origin: string;
  clientId: string;
  secret: string;
  redirectUri: string;
  scope: string;
  usernames: string[];
  password: string;
  /** The text every captcha of the platform shows (CAPTCHA_TEST_ANSWER). */
  captchaAnswer: string;
}

/** Observes one step of a sign-in (the sequential runs count its time, CPU and statements). */
export type StepObserver = <T>(name: Step, call: () => Promise<T>) => Promise<T>;

const unobserved: StepObserver = (_name, call) => call();

const signInMutation = /* GraphQL */ `
  mutation SignIn($input: SignInInput!) {
    signIn(input: $input) { status sessionId accessToken refreshToken expiresIn }
  }
`;

/** The two sign-ins, each from a new browser, both through the gateway as their clients make them. */
export class SignIns {
  private next = 0;

  constructor(private readonly target: SignInTarget) {}

  private username(): string {
    return this.target.usernames[this.next++ % this.target.usernames.length] as string;
  }

  /** The sign-in page's captcha, issued by the graph; its answer is the platform's test answer. */
  private async captcha(): Promise<{ captchaId: string; captchaAnswer: string }> {
    const response = await graphql<{ issueCaptcha: { id: string } }>(
      `${this.target.origin}/graphql`,
      'mutation { issueCaptcha { id } }',
    );
    const captchaId = response.body.data?.issueCaptcha.id;
    if (!captchaId) throw new Error(`SSO bench: no captcha: ${JSON.stringify(response.body)}`);
    return { captchaId, captchaAnswer: this.target.captchaAnswer };
  }

  /**
   * Authorization code with PKCE, as a business system and a browser without a provider session
   * make it: the page's captcha, `/oidc/auth`, the interaction page, the password on the
   * interaction API, the provider's redirect back with the code, then the system's token request
   * (client_secret_basic) and userinfo.
   */
  async sso(step: StepObserver = unobserved): Promise<void> {
    const { origin, clientId, secret, redirectUri, scope, password } = this.target;
    const agent = new UserAgent(origin);
    const username = this.username();
    const verifier = randomBytes(32).toString('base64url');
    const state = randomBytes(16).toString('base64url');
    const authorize = new URL('/oidc/auth', origin);
    authorize.search = new URLSearchParams({
      client_id: clientId,
      response_type: 'code',
      redirect_uri: redirectUri,
      scope,
      state,
      nonce: randomBytes(16).toString('base64url'),
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    const html = { headers: { accept: 'text/html' } };
    const captcha = await step('captcha', () => this.captcha());
    const toPage = await step('authorize', () => agent.fetch(authorize, html));
    const page = new URL(toPage.headers.get('location') ?? '', authorize);
    await step('interaction page', async () => {
      const response = await agent.fetch(page, html);
      await response.arrayBuffer();
    });
    const login = await step('login', () =>
      agent.interaction(interactionUid(page), 'login', { method: 'password', username, password, ...captcha }),
    );
    if (login.status !== 200) throw new Error(`SSO bench: sign-in refused: ${JSON.stringify(login.body)}`);
    const back = await step('code', () => agent.follow(login.body.redirectTo as string, html));
    const code = back.url.searchParams.get('code');
    if (!back.url.href.startsWith(redirectUri) || !code || back.url.searchParams.get('state') !== state) {
      throw new Error(`SSO bench: no code at the redirect URI: ${back.url}`);
    }
    const tokens = await step('token', () =>
      this.json<{ access_token: string; id_token: string }>('/oidc/token', {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: redirectUri,
          code_verifier: verifier,
        }),
      }),
    );
    const claims = await step('userinfo', () =>
      this.json<{ preferred_username?: string }>('/oidc/me', {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      }),
    );
    if (!tokens.id_token || claims.preferred_username !== username) {
      throw new Error(`SSO bench: unexpected tokens or claims: ${JSON.stringify(claims)}`);
    }
  }

  /** The web client's sign-in: the captcha, then the graph's `signIn` mutation. */
  async plain(step: StepObserver = unobserved): Promise<void> {
    const username = this.username();
    const captcha = await step('captcha', () => this.captcha());
    const response = await step('signIn', () =>
      graphql<{ signIn: { status: string } }>(`${this.target.origin}/graphql`, signInMutation, {
        variables: { input: { username, password: this.target.password, ...captcha } },
      }),
    );
    if (response.body.data?.signIn.status !== 'SIGNED_IN') {
      throw new Error(`SSO bench: plain sign-in refused: ${JSON.stringify(response.body)}`);
    }
  }

  private async json<T>(path: string, init: RequestInit): Promise<T> {
    const response = await fetch(new URL(path, this.target.origin), init);
    const body = (await response.json()) as T;
    if (!response.ok) throw new Error(`SSO bench: ${path} answered ${response.status}: ${JSON.stringify(body)}`);
    return body;
  }
}
