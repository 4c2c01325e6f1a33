import { demoCitizen, demoPassword, demoStaff, demoTotpSecret } from '@tessera/identity';
import { authenticator } from 'otplib';
import type { Browser } from 'playwright-core';
import { describeInBrowser, horizontalOverflow, launchBrowser, newContext, phone, scenario } from './browser';
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
