import { MessageCodes } from '@tessera/identity';
import type { Browser, Page } from 'playwright-core';
import { graphql } from '../harness/platform';
import { describeInBrowser, launchBrowser, newContext, type PageDocument, scenario } from './browser';
import { type BrowserStack, captchaAnswer, startBrowserStack } from './browser-stack';

/** 王五 of the sandbox bank (subgraphs/identity/README.md): an ABC debit card and the phone reserved with it. */
const wangwu = { name: '王五', idNumber: '440305200002294513', bankCode: 'ABC', card: '6228480000000001230' };
const reservedPhone = '19912345678';
const username = 'wangwu_web';
const firstPassword = 'Tessera-2026!web';
const secondPassword = 'Tessera-2027!web';

describeInBrowser('web client: registration, sign-in and password change in a real browser (issue 6)', () => {
  let stack: BrowserStack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startBrowserStack(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.platform.stop();
  });

  /** The newest registration code texted to the reserved phone: its message found in the outbox, its code derived (ID-9). */
  async function registrationCode(): Promise<string> {
    const token = await stack.platform.token({ subject: 'staff-admin', kind: 'staff', roles: ['ADMINISTRATOR'] });
    const { body } = await graphql<{ smsOutbox: { id: string; phoneMasked: string; purpose: string }[] }>(
      stack.platform.gateway.url,
      '{ smsOutbox(limit: 10) { id phoneMasked purpose } }',
      { token },
    );
    const message = body.data?.smsOutbox.find((m) => m.purpose === 'registration' && m.phoneMasked.endsWith('5678'));
    const code = message && new MessageCodes(stack.platform.identity.services.protector).codeOf(message.id);
    if (!code) throw new Error(`no registration code in the outbox: ${JSON.stringify(body)}`);
    return code;
  }

  const alert = (page: Page, code: string) => page.locator(`[role=alert][data-code=${code}]`);
  const currentStep = (page: Page) => page.locator('.steps [aria-current=step]');

  async function signIn(page: Page, password: string) {
    await page.getByLabel('用户名', { exact: true }).fill(username);
    await page.getByLabel('密码', { exact: true }).fill(password);
    await page.getByLabel('图形验证码').first().fill(captchaAnswer);
    await page.getByRole('button', { name: '登录', exact: true }).click();
  }

  it('ID-1..ID-5, ID-9, ID-10, ID-15: a citizen registers through the three steps with the sandbox bank (a captcha before each text message), seeing the exact messages of ID-2, ID-4 and ID-5, signs in, changes the password and signs in again with the new one', async () => {
    const context = await newContext(browser, stack.baseUrl);
    await scenario(context, 'web-registration', async (page) => {
      await page.goto('/register');
      await page.getByRole('heading', { name: '个人用户注册' }).waitFor();
      expect(await currentStep(page).textContent()).toContain('登录信息');

      // Step 1: live hints while typing, then ID-2 from the server.
      await page.getByLabel('用户名', { exact: true }).fill('1ab');
      await page.getByLabel('密码', { exact: true }).focus();
      await page.getByText('用户名须为4至20位，以字母开头，只含字母、数字和下划线').waitFor();
      await page.getByLabel('密码', { exact: true }).fill('short');
      await page.getByLabel('确认密码').focus();
      await page.getByText('密码至少需要8位').waitFor();
      await page.getByLabel('用户名', { exact: true }).fill('zhangsan');
      await page.getByLabel('密码', { exact: true }).fill(firstPassword);
      await page.getByLabel('确认密码').fill(firstPassword);
      await page.getByRole('button', { name: '下一步' }).click();
      expect(await alert(page, 'USERNAME_TAKEN').locator('p').first().textContent()).toBe('用户名已被使用');
      await page.getByLabel('用户名', { exact: true }).fill(username);
      await page.getByRole('button', { name: '下一步' }).click();

      // Step 2 with a name the bank does not know for this ID number.
      await page.getByLabel('姓名').waitFor();
      expect(await currentStep(page).textContent()).toContain('身份信息');
      await page.getByLabel('姓名').fill('王六');
      await page.getByLabel('证件号码').fill(wangwu.idNumber);
      await page.getByRole('button', { name: '下一步' }).click();

      // Step 3: CMBC is shown but not selectable (ID-6); ID-4 from the bank check.
      await page.getByLabel('银行卡号').waitFor();
      expect(await currentStep(page).textContent()).toContain('验证信息');
      const bank = page.getByLabel('银行', { exact: true });
      await bank.locator('option', { hasText: '民生银行' }).waitFor({ state: 'attached' });
      expect(await bank.locator('option', { hasText: '民生银行' }).isDisabled()).toBe(true);
      await bank.selectOption(wangwu.bankCode);
      await page.getByLabel('银行卡号').fill(wangwu.card);
      await page.getByLabel('银行预留手机号').fill(reservedPhone);

      // ID-10: no bank check and no text message without the captcha; a wrong answer gets a fresh image.
      const captchaImage = page.locator('.captcha img');
      await captchaImage.waitFor();
      const firstImage = await captchaImage.getAttribute('src');
      await page.getByLabel('图形验证码').first().fill('zzzz');
      await page.getByRole('button', { name: '发送验证码' }).click();
      expect(await alert(page, 'CAPTCHA_INVALID').locator('p').first().textContent()).toMatch(/验证码/);
      await page.waitForFunction((first) => {
        const image = (globalThis as unknown as { document: PageDocument }).document.querySelector('.captcha img');
        const src = image?.getAttribute('src');
        return Boolean(src) && src !== first;
      }, firstImage);
      expect(await page.getByLabel('图形验证码').first().inputValue()).toBe('');

      await page.getByLabel('图形验证码').first().fill(captchaAnswer);
      await page.getByRole('button', { name: '发送验证码' }).click();
      expect(await alert(page, 'IDENTITY_MISMATCH').locator('p').first().textContent()).toBe(
        '人员姓名或证件类型或证件号与银行登记不匹配',
      );

      // "Previous step" keeps what was entered (ID-1).
      await page.getByRole('button', { name: '上一步' }).click();
      await page.getByLabel('姓名').waitFor();
      expect(await page.getByLabel('姓名').inputValue()).toBe('王六');
      expect(await page.getByLabel('证件号码').inputValue()).toBe(wangwu.idNumber);
      await page.getByLabel('姓名').fill(wangwu.name);
      await page.getByRole('button', { name: '下一步' }).click();
      await page.getByLabel('银行卡号').waitFor();
      expect(await page.getByLabel('银行卡号').inputValue()).toBe(wangwu.card);

      // ID-5: a phone other than the one reserved at the bank.
      await page.getByLabel('银行预留手机号').fill('13800138000');
      await page.getByLabel('图形验证码').first().fill(captchaAnswer);
      await page.getByRole('button', { name: '发送验证码' }).click();
      expect(await alert(page, 'PHONE_MISMATCH').locator('p').first().textContent()).toBe(
        '手机号与银行预留手机号不一致，请更换银行卡验证或去对应银行网点修改预留手机号',
      );

      // ID-9: the code goes out with its delivery status and the wait before another.
      await page.getByLabel('银行预留手机号').fill(reservedPhone);
      await page.getByLabel('图形验证码').first().fill(captchaAnswer);
      await page.getByRole('button', { name: '发送验证码' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: /验证码(正在发送|已发送)至 199\*{4}5678/ })
        .waitFor();
      await page.getByRole('button', { name: /\d+ 秒后可重新发送/ }).waitFor();
      await page.getByLabel('短信验证码').fill(await registrationCode());
      await page.getByRole('button', { name: '完成注册' }).click();

      // Registered: sign in (ID-10), change the password (ID-15), sign in again.
      await page.getByText('注册成功，请使用新账号登录。').waitFor();
      expect(await page.getByLabel('用户名', { exact: true }).inputValue()).toBe(username);
      await signIn(page, firstPassword);
      await page.getByText('王五，您好').waitFor();

      await page.getByRole('link', { name: '账户', exact: true }).click();
      await page.getByText('4403**********4513').waitFor();
      await page.getByRole('link', { name: '修改密码' }).first().click();
      await page.getByRole('heading', { name: '修改密码' }).waitFor();
      await page.getByLabel('当前密码').fill(firstPassword);
      await page.getByLabel('新密码', { exact: true }).fill(secondPassword);
      await page.getByLabel('确认新密码').fill(secondPassword);
      await page.getByLabel('图形验证码').first().fill(captchaAnswer);
      await page.getByRole('button', { name: '修改密码' }).click();
      await page.getByText('密码已修改，所有登录已退出，请使用新密码重新登录。').waitFor();

      await signIn(page, firstPassword);
      await alert(page, 'INVALID_CREDENTIALS').waitFor();
      await signIn(page, secondPassword);
      await page.getByText('王五，您好').waitFor();
    });
    await context.close();
  });
});
