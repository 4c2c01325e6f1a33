import { demoCitizen, MessageCodes } from '@tessera/identity';
import type { Browser, BrowserContext } from 'playwright-core';
import { graphql } from '../harness/platform';
import { openSection } from './admin-client';
import { describeInBrowser, desktop, launchBrowser, newContext, scenario } from './browser';
import { type BrowserStack, captchaAnswer, startBrowserStack } from './browser-stack';

describeInBrowser('admin client: the SMS outbox shows one-time codes masked (ID-9, issue 11 item 9)', () => {
  let stack: BrowserStack;
  let browser: Browser;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startBrowserStack(), launchBrowser()]);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await stack?.platform.stop();
  });

  it('an administrator reads the recovery message without its code, which only the sender gets', async () => {
    const { body: issued } = await graphql<{ issueCaptcha: { id: string } }>(
      stack.platform.gateway.url,
      'mutation { issueCaptcha { id } }',
    );
    const captchaId = issued.data?.issueCaptcha.id as string;
    const { body } = await graphql<{ requestUsernameRecoveryCode: { id: string } }>(
      stack.platform.gateway.url,
      'mutation($input: UsernameRecoveryInput!) { requestUsernameRecoveryCode(input: $input) { id } }',
      {
        variables: {
          input: {
            name: demoCitizen.displayName,
            idType: 'RESIDENT_ID_CARD',
            idNumber: demoCitizen.idNumber,
            captchaId,
            captchaAnswer,
          },
        },
      },
    );
    expect(body.errors).toBeUndefined();

    const token = await stack.platform.token({ subject: 'browser-sms-admin', kind: 'staff', roles: ['ADMINISTRATOR'] });
    const { body: outbox } = await graphql<{ smsOutbox: { id: string; purpose: string; text: string }[] }>(
      stack.platform.gateway.url,
      '{ smsOutbox(limit: 10) { id purpose text } }',
      { token },
    );
    const message = outbox.data?.smsOutbox.find((m) => m.purpose === 'recover-username');
    expect(message?.text).toContain('验证码******');
    const code = new MessageCodes(stack.platform.identity.services.protector).codeOf(message?.id as string);

    context = await newContext(browser, stack.baseUrl, desktop);
    const tokens = JSON.stringify({ accessToken: token, refreshToken: 'unused' });
    await context.addInitScript(`sessionStorage.setItem('tessera.admin.session', ${JSON.stringify(tokens)})`);
    await scenario(context, 'admin-sms-outbox', async (page) => {
      await page.goto('/admin/');
      await openSection(page, '短信发件箱');
      await page
        .getByRole('cell', { name: /找回用户名，验证码\*{6}/ })
        .first()
        .waitFor();
      await page.getByText('验证码显示为 ******').waitFor();
      // Issue 17 item 6: the purpose in words, never the program's `recover-username`.
      await page.getByRole('cell', { name: '找回用户名验证码', exact: true }).first().waitFor();
      expect(await page.locator('main').textContent()).not.toContain('recover-username');
      expect(await page.locator('main').textContent()).not.toContain(code);
    });
  });
});
