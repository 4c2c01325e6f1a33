import { type RunningBusinessSystem, startBusinessSystem } from '@tessera/example-business-system';
import {
  ApplicationSystem,
  demoBusinessSystems,
  demoCitizen,
  demoPassword,
  PasswordHasher,
  User,
} from '@tessera/identity';
import { maskIdNumber } from '@tessera/kit';
import type { Page } from 'playwright-core';
import { graphql } from '../harness/platform';
import { solvedCaptcha } from '../harness/sso';
import { describeInBrowser, scenario } from './browser';
import { browserSession, captchaAnswer } from './browser-stack';

describeInBrowser('single sign-on through the example business system (issue 12)', () => {
  const session = browserSession();
  const systems = new Map<string, RunningBusinessSystem>();
  const portal = () => systems.get('demo-portal') as RunningBusinessSystem;
  const pension = () => systems.get('demo-pension') as RunningBusinessSystem;

  // The demo registrations, seeded for ports 4020 and 4021, point at the examples this test runs on free ports.
  beforeAll(async () => {
    const { platform, baseUrl } = session.stack;
    const em = platform.identity.orm.em.fork();
    for (const demo of demoBusinessSystems) {
      const running = await startBusinessSystem({ issuer: baseUrl, clientId: demo.code, clientSecret: demo.secret });
      systems.set(demo.code, running);
      const registration = await em.findOneOrFail(ApplicationSystem, { code: demo.code });
      registration.redirectUris = [`${running.url}callback`];
      registration.postLogoutRedirectUris = [running.url];
      registration.backchannelLogoutUri = `${running.url}backchannel-logout`;
    }
    await em.flush();
  });
  afterAll(async () => {
    for (const running of systems.values()) await running.close();
  });

  interface Credentials {
    username: string;
    password: string;
  }
  const citizen: Credentials = { username: demoCitizen.username, password: demoPassword };

  /** Signs in on the platform's sign-in page (the web client's), where the provider sent the browser. */
  async function signInAtPlatform(page: Page, who: Credentials) {
    await page.waitForURL(/\/oidc\/interaction\/[\w-]+$/);
    await page.getByLabel('用户名', { exact: true }).fill(who.username);
    await page.getByLabel('密码', { exact: true }).fill(who.password);
    await page.getByLabel('图形验证码').first().fill(captchaAnswer);
    await page.getByRole('button', { name: '登录', exact: true }).click();
  }

  /** Clicks the system's sign-in button and, where the platform asks, signs in there. */
  async function signInTo(page: Page, system: RunningBusinessSystem, who = citizen) {
    await page.goto(system.url);
    await page.getByRole('link', { name: /^登录/ }).click();
    await page.waitForURL((url) => url.href.startsWith(`${system.url}profile`) || url.pathname.includes('/oidc/'));
    if (!page.url().startsWith(system.url)) await signInAtPlatform(page, who);
    await page.waitForURL(`${system.url}profile`);
  }

  /** Reloads the system's home page until it offers to sign in again. */
  async function signedOutWithin(page: Page, system: RunningBusinessSystem, ms: number): Promise<number> {
    const started = Date.now();
    for (;;) {
      await page.goto(system.url);
      if (await page.getByRole('link', { name: /^登录/ }).isVisible()) return Date.now() - started;
      if (Date.now() - started > ms) throw new Error(`${system.url} still signed in after ${ms} ms`);
      await page.waitForTimeout(250);
    }
  }

  it('signs in at the platform through demo-portal and comes back signed in, seeing the verified name and masked ID number', async () => {
    await scenario(await session.context(), 'sso-portal-sign-in', async (page) => {
      await signInTo(page, portal());
      expect(await page.locator('#verified-name').textContent()).toBe(demoCitizen.displayName);
      expect(await page.locator('#id-number-masked').textContent()).toBe(maskIdNumber(demoCitizen.idNumber));
      await page.goto(portal().url);
      expect(await page.locator('#signed-in-as').textContent()).toBe(demoCitizen.displayName);
    });
  });

  it('signs in to demo-pension (real-name verified users only) by single sign-on, without a prompt', async () => {
    await scenario(await session.context(), 'sso-pension-without-prompt', async (page) => {
      await signInTo(page, portal());
      const visited: string[] = [];
      page.on('framenavigated', (frame) => visited.push(frame.url()));
      await signInTo(page, pension());
      expect(visited.filter((url) => url.includes('/oidc/interaction/'))).toEqual([]);
      expect(await page.locator('#verified-name').textContent()).toBe(demoCitizen.displayName);
    });
  });

  it('ends demo-portal’s session through back-channel logout within seconds of a password change (ID-15)', async () => {
    const who = { username: 'sso_zhao', password: 'Zhao-Password-2026' };
    const em = session.stack.platform.identity.orm.em.fork();
    em.create(User, {
      username: who.username,
      displayName: '赵六',
      kind: 'citizen',
      passwordHash: await new PasswordHasher().hash(who.password),
    });
    await em.flush();
    await scenario(await session.context(), 'sso-password-change', async (page) => {
      await signInTo(page, portal(), who);
      await page.goto(portal().url);
      expect(await page.locator('#signed-in-as').textContent()).toBe(who.username);
      // The citizen changes the password in the web client, another session of the platform.
      const gateway = session.stack.platform.gateway.url;
      const signedIn = await graphql<{ signIn: { accessToken: string } }>(
        gateway,
        'mutation ($input: SignInInput!) { signIn(input: $input) { accessToken } }',
        { variables: { input: { ...who, ...(await solvedCaptcha(session.stack.platform)) } } },
      );
      const changed = await graphql(
        gateway,
        'mutation ($input: ChangePasswordInput!) { changePassword(input: $input) }',
        {
          token: signedIn.body.data?.signIn.accessToken,
          variables: {
            input: {
              currentPassword: who.password,
              newPassword: 'Zhao-Password-2027',
              confirmPassword: 'Zhao-Password-2027',
              ...(await solvedCaptcha(session.stack.platform)),
            },
          },
        },
      );
      expect(changed.body.errors).toBeUndefined();
      await signedOutWithin(page, portal(), 5_000);
    });
  });

  it('signs out of demo-portal at the platform (RP-initiated logout): back at its home, the platform session and demo-pension’s ended', async () => {
    await scenario(await session.context(), 'sso-rp-initiated-logout', async (page) => {
      await signInTo(page, portal());
      await signInTo(page, pension());
      await page.goto(portal().url);
      await page.getByRole('button', { name: /^退出登录/ }).click();
      // The platform asks before it ends its session.
      await page.getByRole('button', { name: '退出', exact: true }).click();
      await page.waitForURL(portal().url);
      expect(await page.getByRole('link', { name: /^登录/ }).isVisible()).toBe(true);
      // The other system the platform session signed in to is told through the back channel.
      await signedOutWithin(page, pension(), 5_000);
      // The platform session is gone: signing in again asks for the password.
      await page.getByRole('link', { name: /^登录/ }).click();
      await page.waitForURL(/\/oidc\/interaction\/[\w-]+$/);
    });
  });
});
