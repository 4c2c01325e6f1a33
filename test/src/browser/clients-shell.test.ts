import { demoCitizen, demoPassword, demoStaff, demoTotpSecret } from '@tessera/identity';
import { authenticator } from 'otplib';
import type { Browser } from 'playwright-core';
import { describeInBrowser, desktop, horizontalOverflow, launchBrowser, newContext, phone, scenario } from './browser';
import { type BrowserStack, captchaAnswer, startBrowserStack } from './browser-stack';

describeInBrowser('the clients in a real browser (issue 6)', () => {
  let stack: BrowserStack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startBrowserStack(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.platform.stop();
  });

  it('the web client opens in Chinese, switches to English, and a citizen signs in (ID-10)', async () => {
    const context = await newContext(browser, stack.baseUrl);
    await scenario(context, 'web-sign-in', async (page) => {
      await page.goto('/sign-in');
      await page.getByRole('heading', { name: '登录' }).waitFor();
      await page.getByLabel('语言').selectOption('en');
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await page.getByLabel('Username').fill(demoCitizen.username);
      await page.getByLabel('Password').fill(demoPassword);
      await page.getByLabel('Captcha').first().fill(captchaAnswer);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText(/Hello, /).waitFor();
    });
    await context.close();
  });

  it('an unknown address shows the not-found page with the way back; in the admin client, only once signed in', async () => {
    const context = await newContext(browser, stack.baseUrl);
    await scenario(context, 'not-found', async (page) => {
      await page.goto('/no-such-page');
      await page.getByRole('heading', { name: '页面不存在' }).waitFor();
      await page.getByRole('link', { name: '首页' }).last().click();
      await page.waitForURL(`${stack.baseUrl}/`);
      await page.goto('/admin/no-such-page');
      await page.waitForURL(`${stack.baseUrl}/admin/sign-in`);
    });
    await context.close();
  });

  it('a wrong captcha shows the localized message of its code and a fresh image', async () => {
    const context = await newContext(browser, stack.baseUrl);
    await scenario(context, 'web-wrong-captcha', async (page) => {
      await page.goto('/sign-in');
      await page.getByLabel('用户名').fill(demoCitizen.username);
      await page.getByLabel('密码').fill(demoPassword);
      await page.getByLabel('图形验证码').first().fill('zzzz');
      await page.getByRole('button', { name: '登录' }).click();
      const alert = page.locator('[role=alert][data-code=CAPTCHA_INVALID]');
      await alert.waitFor();
      expect(await alert.textContent()).toMatch(/验证码/);
    });
    await context.close();
  });

  it('the admin client signs a clerk in with TOTP and shows the role-aware workbench (ID-18)', async () => {
    const context = await newContext(browser, stack.baseUrl);
    const clerk = demoStaff.find((s) => s.role === 'REVIEW_CLERK');
    if (!clerk) throw new Error('no demo review clerk');
    await scenario(context, 'admin-sign-in', async (page) => {
      await page.goto('/admin/');
      await page.getByRole('heading', { name: '工作人员登录' }).waitFor();
      await page.getByLabel('用户名').fill(clerk.username);
      await page.getByLabel('密码').fill(demoPassword);
      await page.getByLabel(/动态口令/).fill(authenticator.generate(demoTotpSecret));
      await page.getByLabel('图形验证码').first().fill(captchaAnswer);
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByRole('heading', { name: '工作台' }).waitFor();
      await page.getByText('审核员').waitFor();
    });
    await context.close();
  });

  it('works with the keyboard alone: skip link, Tab through labelled fields, Enter submits (issue 6 item 8)', async () => {
    const context = await newContext(browser, stack.baseUrl);
    await scenario(context, 'web-keyboard', async (page) => {
      await page.goto('/sign-in');
      await page.getByRole('heading', { name: '登录' }).waitFor();
      await page.keyboard.press('Tab');
      expect(await page.evaluate<string>('document.activeElement.className')).toContain('skip-link');
      await page.keyboard.press('Enter');
      expect(await page.evaluate<string>('document.activeElement.id')).toBe('main');
      const focusOn = async (name: string) => {
        for (let presses = 0; presses < 25; presses += 1) {
          if ((await page.evaluate<string>('document.activeElement.name || ""')) === name) return;
          await page.keyboard.press('Tab');
        }
        throw new Error(`Tab never reached the ${name} field`);
      };
      await focusOn('username');
      await page.keyboard.type(demoCitizen.username);
      await focusOn('password');
      await page.keyboard.type(demoPassword);
      await focusOn('captcha');
      await page.keyboard.type(captchaAnswer);
      await page.keyboard.press('Enter');
      await page.getByText(/您好/).waitFor();
      expect(
        await page.evaluate<number>(
          'Array.from(document.querySelectorAll("input, select, textarea")).filter((e) => e.type !== "hidden" && !e.labels?.length && !e.getAttribute("aria-label")).length',
        ),
      ).toBe(0);
    });
    await context.close();
  });

  it('lays out on a 1440 px screen without sideways scrolling', async () => {
    const context = await newContext(browser, stack.baseUrl, desktop);
    await scenario(context, 'web-desktop', async (page) => {
      for (const path of ['/', '/sign-in', '/admin/sign-in']) {
        await page.goto(path);
        await page.locator('h1').waitFor();
        expect(await horizontalOverflow(page)).toBe(0);
      }
    });
    await context.close();
  });

  it('fits a 360 px wide phone screen without sideways scrolling', async () => {
    const context = await newContext(browser, stack.baseUrl, phone);
    await scenario(context, 'web-phone', async (page) => {
      for (const path of ['/sign-in', '/admin/sign-in']) {
        await page.goto(path);
        await page.locator('h1').waitFor();
        expect(await horizontalOverflow(page)).toBe(0);
      }
    });
    await context.close();
  });
});
