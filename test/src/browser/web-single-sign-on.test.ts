import {
  ApplicationSystem,
  demoBusinessSystems,
  demoCitizen,
  demoPassword,
  demoStaff,
  demoTotpSecret,
  User,
} from '@tessera/identity';
import { authenticator } from 'otplib';
import type { Page, Request, Route } from 'playwright-core';
import { registerSystem } from '../harness/sso';
import { describeInBrowser, horizontalOverflow, phone, scenario } from './browser';
import { browserSession, captchaAnswer } from './browser-stack';
import { businessSystem } from './business-system';

const staff = demoStaff[0] as (typeof demoStaff)[number];

/** A system of the tests' own that asks the user's consent (the demo systems are the bureau's and skip it). */
const consenting = {
  code: 'consent-portal',
  secret: 'consent-portal-secret-0123456789abcdef',
  redirectUri: 'http://127.0.0.1:4029/callback',
};

const secrets: Record<string, string> = {
  ...Object.fromEntries(demoBusinessSystems.map((s) => [s.code, s.secret])),
  [consenting.code]: consenting.secret,
};

const uid = 'interaction-uid-1';

const details = {
  uid,
  prompt: 'login',
  system: { code: 'pension', name: '养老待遇演示系统' },
  scopes: ['openid', 'profile'],
  legacyIdSignInOpen: false,
};

/**
 * The provider's interaction API answering as `answer` says, for what the demo platform cannot
 * reach (its transition period is over); returns the posts it received.
 */
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

  /** An authorization request of a business system (code + PKCE), and what redeems its answer. */
  async function authorizationOf(code: string, extra: Record<string, string> = {}) {
    const oidc = await import('openid-client');
    const secret = secrets[code] as string;
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
      ...extra,
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

  async function signInOnPage(page: Page, username: string) {
    await page.getByLabel('用户名', { exact: true }).fill(username);
    await page.getByLabel('密码', { exact: true }).fill(demoPassword);
    await page.getByLabel('图形验证码').first().fill(captchaAnswer);
    await page.getByRole('button', { name: '登录', exact: true }).click();
  }

  it('ID-10, ID-18, issue 12: a staff member signs in to demo-portal in the language the system asked for (ui_locales), the username from login_hint, no ID-number tab after the transition, a one-time code once the answer asks for it, and lands on the redirect URI with a code that redeems', async () => {
    const portal = await authorizationOf('demo-portal', { ui_locales: 'fr en-US', login_hint: staff.username });
    const context = await browser.context();
    await scenario(context, 'sso-staff-totp', async (page) => {
      const { arrived } = await businessSystem(page, portal.redirectUri);
      await page.goto(portal.url.href);
      await page.getByRole('heading', { name: 'Sign in to 社保业务演示系统' }).waitFor();
      await page.locator('h1:focus').waitFor();
      expect(await page.getByLabel('Username', { exact: true }).inputValue()).toBe(staff.username);
      // No ID-number tab after the transition: the account and the certificate sign-in (issue 15) only.
      expect(await page.getByRole('tab').allTextContents()).toEqual(['Account', 'Certificate']);
      expect(await page.getByLabel('One-time code (6 digits)').count()).toBe(0);

      await page.getByLabel('Password', { exact: true }).fill(demoPassword);
      await page.getByLabel('Captcha').first().fill(captchaAnswer);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page
        .locator('main [role=alert]')
        .getByText('Enter the one-time code (6 digits from your authenticator app)')
        .waitFor();
      await page.getByLabel('One-time code (6 digits)').fill(authenticator.generate(demoTotpSecret));
      await page.getByLabel('Captcha').first().fill(captchaAnswer);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();

      const callback = await arrived;
      expect(`${callback.origin}${callback.pathname}`).toBe(portal.redirectUri);
      expect((await portal.redeem(callback)).claims()?.preferred_username).toBe(staff.username);
    });
  });

  it('ID-10, issue 12: a citizen signs in to demo-portal through this page; the sessions page then names the system, since when, on the session that signed in to it', async () => {
    const portal = await authorizationOf('demo-portal');
    const context = await browser.context();
    await scenario(context, 'sso-demo-portal', async (page) => {
      const { arrived } = await businessSystem(page, portal.redirectUri);
      await page.goto(portal.url.href);
      await page.waitForURL('**/oidc/interaction/*');
      await page.getByRole('heading', { name: '登录社保业务演示系统' }).waitFor();
      await page.setViewportSize(phone);
      expect(await horizontalOverflow(page)).toBe(0);
      await signInOnPage(page, demoCitizen.username);
      const callback = await arrived;
      expect(callback.searchParams.get('code')).toBeTruthy();
      expect((await portal.redeem(callback)).claims()?.preferred_username).toBe(demoCitizen.username);

      await page.goto('/sign-in');
      await signInOnPage(page, demoCitizen.username);
      await page.getByText(/您好/).waitFor();
      await page.goto('/account/sessions');
      const system = page.locator('tbody tr [data-system="demo-portal"]');
      await system.waitFor();
      expect(await system.textContent()).toMatch(/^社保业务演示系统 .+ 起$/);
      // The web client's own sign-in is another session, signed in to no business system.
      expect(await page.locator('tbody tr', { hasText: '当前' }).locator('[data-system]').count()).toBe(0);
    });
  });

  it('ID-3, issue 12: demo-pension refuses a user without real-name verification: this page explains how to get verified, and its button goes back to the system with access_denied', async () => {
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
      await page.locator('h1:focus').waitFor();
      await page.getByText('在“账户信息”中完成银行卡实名验证').waitFor();
      await page.setViewportSize(phone);
      expect(await horizontalOverflow(page)).toBe(0);
      await page.getByRole('button', { name: '返回养老待遇演示系统' }).click();
      const callback = await arrived;
      expect(`${callback.origin}${callback.pathname}`).toBe(pension.redirectUri);
      expect(callback.searchParams.get('error')).toBe('access_denied');
      expect(callback.searchParams.get('code')).toBeNull();
    });
  });

  it('issue 12: a system that asks consent shows the scopes in plain words; 同意 returns a code, 拒绝 returns access_denied', async () => {
    await registerSystem(browser.stack.platform, {
      code: consenting.code,
      name: '需授权的测试系统',
      secret: consenting.secret,
      redirectUris: [consenting.redirectUri],
      consentRequired: true,
    });
    for (const [button, answer] of [
      ['同意', 'code'],
      ['拒绝', 'error'],
    ] as const) {
      const asking = await authorizationOf(consenting.code, { scope: 'openid profile real_name phone' });
      const context = await browser.context();
      await scenario(context, `sso-consent-${answer}`, async (page) => {
        const { arrived } = await businessSystem(page, asking.redirectUri);
        await page.goto(asking.url.href);
        await signInOnPage(page, demoCitizen.username);
        await page.getByRole('heading', { name: '授权需授权的测试系统' }).waitFor();
        await page.locator('h1:focus').waitFor();
        expect(await page.locator('.scopes li').allTextContents()).toEqual([
          '确认您的身份',
          '用户名和实名姓名',
          '实名认证状态、方式、时间、证件类型和打码的证件号',
          '打码的手机号',
        ]);
        await page.setViewportSize(phone);
        expect(await horizontalOverflow(page)).toBe(0);
        await page.getByRole('button', { name: button }).click();
        const callback = await arrived;
        if (answer === 'code') {
          expect((await asking.redeem(callback)).claims()?.preferred_username).toBe(demoCitizen.username);
        } else {
          expect(callback.searchParams.get('error')).toBe('access_denied');
        }
      });
    }
  });

  it('issue 12: an interaction this browser did not start (or one that expired) tells the person to start again from the business system', async () => {
    const context = await browser.context();
    await scenario(context, 'sso-expired', async (page) => {
      await page.goto('/oidc/interaction/no-such-interaction');
      await page.getByRole('heading', { name: '登录已过期' }).waitFor();
      await page.locator('h1:focus').waitFor();
      await page.getByText('请回到业务系统重新发起登录').waitFor();
      expect(await page.locator('main [role=alert]').count()).toBe(0);
    });
  });

  it('ID-11: offers the ID-number tab while the transition lasts and sends that method (the API answering as the provider would)', async () => {
    const context = await browser.context();
    await scenario(context, 'sso-legacy-tab', async (page) => {
      const posts = await interactionApi(page, (step) =>
        step === 'details'
          ? { status: 200, json: { ...details, legacyIdSignInOpen: true } }
          : failure(401, 'INVALID_CREDENTIALS', '用户名或密码错误'),
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
});
