import { ApplicationSystem, demoBusinessSystems, demoCitizen, demoPassword, User } from '@tessera/identity';
import type { Page, Request, Route } from 'playwright-core';
import { Session } from '../../../subgraphs/identity/src/sessions/session.entity';
import { SystemSignIn } from '../../../subgraphs/identity/src/single-sign-on/system-sign-in.entity';
import { describeInBrowser, scenario } from './browser';
import { browserSession, captchaAnswer } from './browser-stack';

const uid = 'interaction-uid-1';

const details = {
  uid,
  prompt: 'login',
  system: { code: 'pension', name: '养老待遇演示系统' },
  scopes: ['openid', 'profile', 'real_name', 'phone', 'offline_access'],
  legacyIdSignInOpen: false,
  staffAllowed: true,
};

/** The provider's interaction API for one page, answering as `answer` says; the posts it received. */
async function interactionApi(
  page: Page,
  answer: (step: string, body: Record<string, unknown>) => { status: number; json: unknown },
): Promise<{ step: string; body: Record<string, unknown>; request: Request }[]> {
  const received: { step: string; body: Record<string, unknown>; request: Request }[] = [];
  await page.route(`**/oidc/interaction/${uid}/*`, async (route: Route) => {
    const request = route.request();
    const step = new URL(request.url()).pathname.split('/').pop() ?? '';
    const body = request.method() === 'POST' ? (request.postDataJSON() as Record<string, unknown>) : {};
    if (request.method() === 'POST') received.push({ step, body, request });
    const { status, json } = answer(step, body);
    await route.fulfill({ status, json });
  });
  return received;
}

const failure = (status: number, code: string, message: string) => ({ status, json: { error: { code, message } } });

describeInBrowser('web client: the single-sign-on provider’s pages (issue 12)', () => {
  const browser = browserSession();

  it('signs in to a business system in the language it asked for: username from the login hint, no ID-number tab when closed, a one-time code when the answer asks for it, then on where the provider says', async () => {
    const context = await browser.context();
    await scenario(context, 'sso-sign-in-step', async (page) => {
      const posts = await interactionApi(page, (step, body) => {
        if (step === 'details')
          return { status: 200, json: { ...details, loginHint: 'zhangsan', uiLocales: ['fr', 'en-US'] } };
        if (!body.totpCode) return failure(401, 'TOTP_REQUIRED', 'Enter the one-time code of your authenticator app');
        return { status: 200, json: { redirectTo: '/help' } };
      });
      await page.goto(`/oidc/interaction/${uid}`);
      const heading = page.getByRole('heading', { name: 'Sign in to 养老待遇演示系统' });
      await heading.waitFor();
      await page.locator('h1:focus').waitFor();
      expect(await page.getByLabel('Username', { exact: true }).inputValue()).toBe('zhangsan');
      expect(await page.getByRole('tab').count()).toBe(0);
      expect(await page.getByLabel('One-time code (6 digits)').count()).toBe(0);

      await page.getByLabel('Password', { exact: true }).fill(demoPassword);
      await page.getByLabel('Captcha').first().fill(captchaAnswer);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      const alert = page.locator('main [role=alert]');
      await alert.getByText('Enter the one-time code of your authenticator app').waitFor();
      await page.getByLabel('One-time code (6 digits)').fill('123456');
      await page.getByLabel('Captcha').first().fill(captchaAnswer);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL('**/help');

      expect(posts.map((p) => p.step)).toEqual(['login', 'login']);
      const last = posts[1];
      expect(last?.body).toEqual({
        method: 'password',
        username: 'zhangsan',
        password: demoPassword,
        totpCode: '123456',
        captchaId: expect.any(String),
        captchaAnswer,
      });
      expect(last?.request.headers()['content-type']).toBe('application/json');
      expect(last?.request.headers()['accept-language']).toBe('en');
    });
  });

  it('offers the ID-number tab while the transition lasts and sends that method', async () => {
    const context = await browser.context();
    await scenario(context, 'sso-legacy-tab', async (page) => {
      const posts = await interactionApi(page, (step) =>
        step === 'details'
          ? { status: 200, json: { ...details, legacyIdSignInOpen: true } }
          : failure(401, 'SIGN_IN_FAILED', '用户名或密码错误'),
      );
      await page.goto(`/oidc/interaction/${uid}`);
      await page.getByRole('tab', { name: '身份证号（过渡期）' }).click();
      await page.getByRole('textbox', { name: '身份证号' }).fill(demoCitizen.idNumber);
      await page.getByLabel('密码', { exact: true }).fill('wrong');
      await page.getByLabel('图形验证码').first().fill(captchaAnswer);
      await page.getByRole('button', { name: '登录', exact: true }).click();
      await page.locator('main [role=alert]').getByText('用户名或密码错误').waitFor();
      expect(posts[0]?.body).toMatchObject({ method: 'legacy_id_number', idNumber: demoCitizen.idNumber });
    });
  });

  it('asks consent naming each scope in plain words; 拒绝 aborts and 同意 consents', async () => {
    for (const [button, endpoint] of [
      ['拒绝', 'abort'],
      ['同意', 'consent'],
    ] as const) {
      const context = await browser.context();
      await scenario(context, `sso-consent-${endpoint}`, async (page) => {
        const posts = await interactionApi(page, (step) =>
          step === 'details'
            ? { status: 200, json: { ...details, prompt: 'consent' } }
            : { status: 200, json: { redirectTo: '/status' } },
        );
        await page.goto(`/oidc/interaction/${uid}`);
        await page.getByRole('heading', { name: '授权养老待遇演示系统' }).waitFor();
        await page.locator('h1:focus').waitFor();
        expect(await page.locator('.scopes li').allTextContents()).toEqual([
          '确认您的身份',
          '用户名和实名姓名',
          '实名认证状态、方式、时间、证件类型和打码的证件号',
          '打码的手机号',
          '在您离开后继续访问',
        ]);
        await page.getByRole('button', { name: button }).click();
        await page.waitForURL('**/status');
        expect(posts.map((p) => [p.step, p.body])).toEqual([[endpoint, {}]]);
      });
    }
  });

  it('explains real-name verification when the system requires it, with a way back to the system (abort)', async () => {
    const context = await browser.context();
    await scenario(context, 'sso-real-name', async (page) => {
      const posts = await interactionApi(page, (step) => {
        if (step === 'details') return { status: 200, json: details };
        if (step === 'login') return failure(403, 'REAL_NAME_REQUIRED', '该业务系统仅限实名认证用户使用');
        return { status: 200, json: { redirectTo: '/help' } };
      });
      await page.goto(`/oidc/interaction/${uid}`);
      await page.getByLabel('用户名', { exact: true }).fill('someone');
      await page.getByLabel('密码', { exact: true }).fill(demoPassword);
      await page.getByLabel('图形验证码').first().fill(captchaAnswer);
      await page.getByRole('button', { name: '登录', exact: true }).click();
      await page.getByRole('heading', { name: '养老待遇演示系统仅限实名认证用户使用' }).waitFor();
      await page.locator('h1:focus').waitFor();
      await page.getByText('在“账户信息”中完成银行卡实名验证').waitFor();
      await page.getByRole('button', { name: '返回养老待遇演示系统' }).click();
      await page.waitForURL('**/help');
      expect(posts.map((p) => p.step)).toEqual(['login', 'abort']);
    });
  });

  it('tells the person to start again from the business system when the sign-in expired', async () => {
    const context = await browser.context();
    await scenario(context, 'sso-expired', async (page) => {
      await interactionApi(page, () => failure(404, 'SSO_INTERACTION_EXPIRED', '登录已过期，请重新登录'));
      await page.goto(`/oidc/interaction/${uid}`);
      await page.getByRole('heading', { name: '登录已过期' }).waitFor();
      await page.getByText('请回到业务系统重新发起登录').waitFor();
    });
  });

  it('the sessions page lists, per session, the business systems it is signed in to and since when', async () => {
    const identity = browser.stack.platform.identity.orm.em.fork();
    identity.create(ApplicationSystem, {
      code: 'sessions-page-portal',
      name: '社保业务测试系统',
      owner: '信息中心',
      scopes: ['openid'],
    });
    await identity.flush();
    const context = await browser.context();
    await scenario(context, 'sso-sessions-page', async (page) => {
      await page.goto('/sign-in');
      await page.getByLabel('用户名', { exact: true }).fill(demoCitizen.username);
      await page.getByLabel('密码', { exact: true }).fill(demoPassword);
      await page.getByLabel('图形验证码').first().fill(captchaAnswer);
      await page.getByRole('button', { name: '登录', exact: true }).click();
      await page.getByText(/您好/).waitFor();

      const em = browser.stack.platform.identity.orm.em.fork();
      const user = await em.findOneOrFail(User, { username: demoCitizen.username });
      const session = await em.findOneOrFail(
        Session,
        { userId: user.id, revokedAt: null },
        { orderBy: { createdAt: 'desc' } },
      );
      em.create(SystemSignIn, {
        sessionId: session.id,
        systemCode: 'sessions-page-portal',
        subject: user.id,
        sid: 'sid-sessions-page',
        signedInAt: new Date('2026-12-05T01:02:00Z'),
      });
      await em.flush();

      await page.goto('/account/sessions');
      const current = page.locator('tbody tr', { hasText: '当前' });
      const system = current.locator('[data-system="sessions-page-portal"]');
      await system.waitFor();
      expect(await system.textContent()).toMatch(/^社保业务测试系统 .*起$/);
    });
  });

  /** An authorization request of a demo business system (code + PKCE), and what redeems its answer. */
  async function authorizationOf(code: (typeof demoBusinessSystems)[number]['code']) {
    const oidc = await import('openid-client');
    const { secret } = demoBusinessSystems.find((s) => s.code === code) as (typeof demoBusinessSystems)[number];
    const system = await browser.stack.platform.identity.orm.em.fork().findOneOrFail(ApplicationSystem, { code });
    const redirectUri = system.redirectUris[0] as string;
    const config = await oidc.discovery(new URL(browser.stack.baseUrl), code, secret, oidc.ClientSecretBasic(secret), {
      execute: [oidc.allowInsecureRequests],
    });
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid profile real_name',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return {
      url,
      redirectUri,
      redeem: (callback: URL) =>
        oidc.authorizationCodeGrant(config, callback, {
          pkceCodeVerifier: verifier,
          expectedState: state,
          expectedNonce: nonce,
        }),
    };
  }

  /**
   * Where the provider sends the browser back to the business system (which is not running here).
   * Playwright routes only the first request of a redirect chain, so the provider's own answer that
   * redirects there is caught, and the browser shown a stand-in page of the system.
   */
  async function businessSystem(page: Page, redirectUri: string): Promise<{ arrived: Promise<URL> }> {
    const system = new URL(redirectUri).origin;
    let arrive: (url: URL) => void = () => {};
    const arrived = new Promise<URL>((resolve) => {
      arrive = resolve;
    });
    await page.route(
      (url) => url.pathname.startsWith('/oidc/auth/'),
      async (route) => {
        const response = await route.fetch({ maxRedirects: 0 });
        const location = response.headers().location;
        const target = location ? new URL(location, route.request().url()) : null;
        if (target?.origin !== system) return route.fulfill({ response });
        arrive(target);
        await route.fulfill({
          status: 200,
          contentType: 'text/html',
          body: '<!doctype html><title>business system</title>',
        });
      },
    );
    return { arrived };
  }

  async function signInOnPage(page: Page, username: string) {
    await page.getByLabel('用户名', { exact: true }).fill(username);
    await page.getByLabel('密码', { exact: true }).fill(demoPassword);
    await page.getByLabel('图形验证码').first().fill(captchaAnswer);
    await page.getByRole('button', { name: '登录', exact: true }).click();
  }

  it('ID-10, issue 12: an authorization request of demo-portal (code + PKCE) signs in on this page and lands on the redirect URI with a code that redeems; the sessions page then names the system', async () => {
    const portal = await authorizationOf('demo-portal');
    const context = await browser.context();
    await scenario(context, 'sso-demo-portal', async (page) => {
      const { arrived } = await businessSystem(page, portal.redirectUri);
      await page.goto(portal.url.href);
      await page.waitForURL('**/oidc/interaction/*');
      await page.getByRole('heading', { name: '登录社保业务演示系统' }).waitFor();
      await signInOnPage(page, demoCitizen.username);
      const callback = await arrived;
      expect(`${callback.origin}${callback.pathname}`).toBe(portal.redirectUri);
      expect(callback.searchParams.get('code')).toBeTruthy();
      const tokens = await portal.redeem(callback);
      expect(tokens.claims()?.preferred_username).toBe(demoCitizen.username);

      await page.goto('/sign-in');
      await signInOnPage(page, demoCitizen.username);
      await page.getByText(/您好/).waitFor();
      await page.goto('/account/sessions');
      const system = page.locator('tbody tr [data-system="demo-portal"]');
      await system.waitFor();
      expect(await system.textContent()).toMatch(/^社保业务演示系统 /);
    });
  });

  it('ID-3, issue 12: an authorization request of demo-pension by a user without real-name verification shows the real-name page; its button goes back to the system with access_denied', async () => {
    const em = browser.stack.platform.identity.orm.em.fork();
    const demo = await em.findOneOrFail(User, { username: demoCitizen.username }, { populate: ['passwordHash'] });
    em.create(User, {
      username: 'unverified_sso',
      kind: 'citizen',
      displayName: '未实名',
      passwordHash: demo.passwordHash,
    });
    await em.flush();
    const pension = await authorizationOf('demo-pension');
    const context = await browser.context();
    await scenario(context, 'sso-demo-pension-real-name', async (page) => {
      const { arrived } = await businessSystem(page, pension.redirectUri);
      await page.goto(pension.url.href);
      await page.getByRole('heading', { name: '登录养老待遇演示系统' }).waitFor();
      await signInOnPage(page, 'unverified_sso');
      await page.getByRole('heading', { name: '养老待遇演示系统仅限实名认证用户使用' }).waitFor();
      await page.getByRole('button', { name: '返回养老待遇演示系统' }).click();
      const callback = await arrived;
      expect(`${callback.origin}${callback.pathname}`).toBe(pension.redirectUri);
      expect(callback.searchParams.get('error')).toBe('access_denied');
      expect(callback.searchParams.get('code')).toBeNull();
    });
  });
});
