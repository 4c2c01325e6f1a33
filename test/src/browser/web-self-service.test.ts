import { codePlaceholder, demoCitizen, demoPassword, MessageCodes, maskedCode, User } from '@tessera/identity';
import type { Browser, Page } from 'playwright-core';
import { subscriberRequest } from '../../../subgraphs/certificate/src/testing/test-pki';
import { graphql } from '../harness/platform';
import {
  describeInBrowser,
  horizontalOverflow,
  launchBrowser,
  newContext,
  phone,
  scenario,
  waitUntilGone,
} from './browser';
import { type BrowserStack, captchaAnswer, startBrowserStack } from './browser-stack';

const unit = '晋城网页测试单位';
/** The social-insurance number the RA sends with the citizen's enrollment (GM/T 0015 InsuranceNumber). */
const citizenInsuranceNumber = '140100900777';
const citizenSubject = 'CN=张三,OU=个人证书,C=CN';

describeInBrowser('web client: certificates, public status query, help and phone screens (issue 6)', () => {
  let stack: BrowserStack;
  let browser: Browser;

  /** Enrollments as the RA makes them; the citizen's is redeemed with a CSR, so it is in use. */
  async function seedCertificates(): Promise<void> {
    const token = await stack.platform.token({ subject: 'ra', kind: 'service' });
    const call = async <T>(query: string, variables: Record<string, unknown>, as?: string) => {
      const { body } = await graphql<T>(stack.platform.gateway.url, query, { token: as, variables });
      if (!body.data) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };
    const enroll = (input: Record<string, unknown>) =>
      call<{ createEnrollment: { referenceCode: string; authorizationCode: string } }>(
        'mutation($input: EnrollmentInput!) { createEnrollment(input: $input) { referenceCode authorizationCode } }',
        { input: { usage: 'SIGNING', ...input } },
        token,
      );
    for (let n = 1; n <= 11; n++) {
      await enroll({ kind: 'ORGANIZATION', subject: `CN=经办人${n},O=${unit},C=CN` });
    }
    const citizen = await stack.platform.identity.orm.em.fork().findOneOrFail(User, { username: demoCitizen.username });
    const { createEnrollment: codes } = await enroll({
      kind: 'PERSONAL',
      subject: citizenSubject,
      holderUserId: citizen.id,
      identity: { insuranceNumber: citizenInsuranceNumber },
    });
    const { csr } = await subscriberRequest(citizenSubject);
    await call(
      'mutation($r: String!, $a: String!, $csr: String!) { redeemEnrollment(referenceCode: $r, authorizationCode: $a, csr: $csr) { pem } }',
      {
        r: codes.referenceCode,
        a: codes.authorizationCode,
        csr: `-----BEGIN CERTIFICATE REQUEST-----\n${csr.toString('base64')}\n-----END CERTIFICATE REQUEST-----`,
      },
    );
  }

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startBrowserStack(), launchBrowser()]);
    await seedCertificates();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.platform.stop();
  });

  /**
   * The newest text message whose text matches, as the phone receives it: read from the outbox as
   * an administrator (codes masked there), with its code filled in as the sender's text has it (ID-9).
   */
  async function texted(pattern: RegExp): Promise<string> {
    const token = await stack.platform.token({ subject: 'staff-admin', kind: 'staff', roles: ['ADMINISTRATOR'] });
    const { body } = await graphql<{ smsOutbox: { id: string; text: string }[] }>(
      stack.platform.gateway.url,
      '{ smsOutbox(limit: 10) { id text } }',
      { token },
    );
    const codes = new MessageCodes(stack.platform.identity.services.protector);
    const received = body.data?.smsOutbox.map((m) =>
      codes.render(m.text.replaceAll(maskedCode, codePlaceholder), m.id),
    );
    const text = received?.find((t) => pattern.test(t));
    if (!text) throw new Error(`no text message matching ${pattern}: ${JSON.stringify(body)}`);
    return text;
  }

  async function signIn(page: Page, password = demoPassword) {
    await page.goto('/sign-in');
    await page.getByLabel('用户名', { exact: true }).fill(demoCitizen.username);
    await page.getByLabel('密码', { exact: true }).fill(password);
    await page.getByLabel('图形验证码').first().fill(captchaAnswer);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByText(/您好/).waitFor();
  }

  it('CT-2: anyone queries certificate states by subject name, partial or by the exact name of a person or unit, a page at a time, or by a social-insurance number', async () => {
    const context = await newContext(browser, stack.baseUrl);
    await scenario(context, 'web-status-query', async (page) => {
      await page.goto('/');
      await page.getByRole('link', { name: '证书状态查询' }).first().click();
      await page.getByLabel('证书主题名称').fill(unit);
      await page.getByRole('button', { name: '查询' }).click();
      await page.getByRole('heading', { name: `“${unit}”共找到 11 张证书` }).waitFor();
      expect(await page.locator('tbody tr').count()).toBe(10);
      expect(await page.locator('tbody [data-state=NEW_APPLICATION]').first().textContent()).toBe('新申请');
      await page.getByRole('button', { name: '下一页' }).click();
      await page.getByText('第 2 / 2 页').waitFor();
      expect(await page.locator('tbody tr').count()).toBe(1);

      // Exact: a person's or a unit's name (the CN or the O), not a part of one.
      await page.getByLabel('证书主题名称').fill('张三');
      await page.getByLabel('名称完全一致').check();
      await page.getByRole('button', { name: '查询' }).click();
      await page.getByRole('heading', { name: '“张三”共找到 1 张证书' }).waitFor();
      expect(await page.locator('tbody [data-state]').textContent()).toBe('证书使用中');
      await page.getByLabel('证书主题名称').fill(unit);
      await page.getByRole('button', { name: '查询' }).click();
      await page.getByRole('heading', { name: `“${unit}”共找到 11 张证书` }).waitFor();
      await page.getByLabel('证书主题名称').fill('张');
      await page.getByRole('button', { name: '查询' }).click();
      await page.getByRole('heading', { name: '“张”共找到 0 张证书' }).waitFor();

      // By the subscriber's social-insurance number (issue 14 item 5), exactly.
      await page.getByLabel('社保编号或统一社会信用代码').check();
      await page.getByLabel('证书主题名称').fill(citizenInsuranceNumber);
      await page.getByRole('button', { name: '查询' }).click();
      await page.getByRole('heading', { name: `“${citizenInsuranceNumber}”共找到 1 张证书` }).waitFor();
      expect(await page.locator('tbody [data-state]').textContent()).toBe('证书使用中');
    });
    await context.close();
  });

  it('CT-6, ID-19: help shows the FAQ and the client error-code lookup finds a code with its cause and fix', async () => {
    const context = await newContext(browser, stack.baseUrl);
    await scenario(context, 'web-help', async (page) => {
      await page.goto('/help');
      await page.locator('.faq summary').first().waitFor();
      await page.getByText('12333').first().waitFor({ state: 'attached' });
      await page.getByRole('link', { name: '查询客户端错误代码' }).click();
      await page.getByLabel('错误代码或现象').fill('-10101039');
      const entry = page.locator('article[data-code="-10101039"]');
      await entry.waitFor();
      expect(await page.locator('article.card').count()).toBe(1);
      expect(await entry.textContent()).toMatch(/原因.*解决办法/);
    });
    await context.close();
  });

  it('RA-1, CT-2: a verified citizen sees and downloads a certificate (PEM and DER) and applies online for a personal certificate', async () => {
    const context = await newContext(browser, stack.baseUrl);
    await scenario(context, 'web-certificates', async (page) => {
      await signIn(page);
      await page.getByRole('link', { name: '我的证书' }).first().click();
      const row = page.locator('tbody tr', { hasText: citizenSubject });
      await row.waitFor();
      expect(await row.locator('[data-state]').textContent()).toBe('证书使用中');
      const [pem] = await Promise.all([
        page.waitForEvent('download'),
        row.getByRole('button', { name: 'PEM' }).click(),
      ]);
      expect(pem.suggestedFilename()).toMatch(/\.pem$/);
      expect(await streamText(await pem.createReadStream())).toMatch(/^-----BEGIN CERTIFICATE-----/);
      const [der] = await Promise.all([
        page.waitForEvent('download'),
        row.getByRole('button', { name: 'DER' }).click(),
      ]);
      expect(der.suggestedFilename()).toMatch(/\.cer$/);
      expect((await streamBytes(await der.createReadStream()))[0]).toBe(0x30);

      await page.getByRole('link', { name: '在线申请' }).click();
      await page.getByLabel('社保编号').fill('140100198503121239');
      await page.getByLabel('联系电话').fill('13800138000');
      await page.getByLabel('所在地区').fill('太原市');
      await page.getByLabel('主管社保经办机构').fill('太原市社会保险管理中心');
      await page.getByLabel('居民身份证号码').fill('440303198503121239');
      // Issue 14: the citizen chooses 国密 SM2 (国际 RSA·ECC unless chosen); the application list shows it.
      expect(await page.getByLabel('证书算法').inputValue()).toBe('INTERNATIONAL');
      await page.getByLabel('证书算法').selectOption({ label: '国密 SM2' });
      await page.getByRole('button', { name: '提交申请' }).click();
      await page.getByText('申请已提交，等待主管社保经办机构审批。').waitFor();
      const application = page.locator('tbody tr', { hasText: '证书新制' });
      await application.waitFor();
      expect(await application.textContent()).toContain('已提交');
      expect(await application.textContent()).toContain('国密 SM2');
    });
    await context.close();
  });

  it('every page fits a 360 px wide phone screen without sideways scrolling', async () => {
    const context = await newContext(browser, stack.baseUrl, phone);
    await scenario(context, 'web-phone-pages', async (page) => {
      const fits = async (path: string) => {
        await page.goto(path);
        await page.locator('h1').waitFor();
        await waitUntilGone(page, '.loading');
        expect({ path, overflow: await horizontalOverflow(page) }).toEqual({ path, overflow: 0 });
      };
      for (const path of [
        '/',
        '/sign-in',
        '/forgot-username',
        '/forgot-password',
        `/status?subject=${encodeURIComponent(unit)}&match=PARTIAL&page=1`,
        '/help',
        '/help/error-codes',
        '/no-such-page',
        '/register',
      ]) {
        await fits(path);
      }
      // The wizard's later steps, with the bank list and the SMS row.
      await page.getByLabel('用户名', { exact: true }).fill('phone_check');
      await page.getByLabel('密码', { exact: true }).fill('Tessera-2026!web');
      await page.getByLabel('确认密码').fill('Tessera-2026!web');
      await page.getByRole('button', { name: '下一步' }).click();
      await page.getByLabel('姓名').fill('王五');
      await page.getByLabel('证件号码').fill('440305200002294513');
      expect(await horizontalOverflow(page)).toBe(0);
      await page.getByRole('button', { name: '下一步' }).click();
      await page.getByLabel('银行卡号').waitFor();
      expect(await horizontalOverflow(page)).toBe(0);

      await signIn(page);
      for (const path of [
        '/',
        '/account',
        '/account/password',
        '/account/security-questions',
        '/account/sessions',
        '/certificates',
        '/certificates/apply',
      ]) {
        await fits(path);
      }
    });
    await context.close();
  });

  it('ID-16, ID-13, ID-9, ID-14: a citizen sets security questions and ends the session, recovers the username by SMS (seeing its delivery), and resets the forgotten password by answering the questions', async () => {
    const context = await newContext(browser, stack.baseUrl);
    await scenario(context, 'web-recovery', async (page) => {
      await signIn(page);
      await page.goto('/account/security-questions');
      const answers: [string, string][] = [
        ['mother-name', '李梅'],
        ['birthplace', 'Taiyuan'],
        ['primary-school', '迎泽小学'],
      ];
      for (const [n, [question, answer]] of answers.entries()) {
        await page.getByLabel(`问题${n + 1}`).selectOption(question);
        await page.getByLabel(`答案${n + 1}`).fill(answer);
      }
      await page.getByRole('button', { name: '保存' }).click();
      await page.getByText('密保问题已保存。').waitFor();
      await page.getByText('您的出生地是？').first().waitFor();

      await page.getByRole('link', { name: '登录设备' }).click();
      const current = page.locator('tbody tr', { hasText: '当前' });
      await current.getByRole('button', { name: '结束此会话' }).click();
      await page.getByRole('heading', { name: '登录' }).waitFor();

      await page.getByRole('link', { name: '忘记用户名' }).click();
      await page.getByLabel('姓名').fill(demoCitizen.displayName);
      await page.getByLabel('证件号码').fill(demoCitizen.idNumber);
      await page.getByLabel('图形验证码').first().fill(captchaAnswer);
      await page.getByRole('button', { name: '发送验证码' }).click();
      await page.getByLabel('短信验证码').waitFor();
      // ID-9: the delivery the server answered, and its wait before another code.
      await page.locator('.sms-status[data-state=QUEUED]').waitFor();
      await page.getByRole('button', { name: /\d+ 秒后可重新发送/ }).waitFor();
      const code = (await texted(/找回用户名，验证码\d{6}/)).match(/\d{6}/)?.[0] ?? '';
      await page.getByLabel('短信验证码').fill(code);
      await page.getByRole('button', { name: '提交' }).click();
      await page.getByText('您的用户名已通过短信发送至注册手机').waitFor();
      expect(await page.locator('main').textContent()).not.toContain(demoCitizen.username);
      expect(await texted(/您的用户名是/)).toContain(demoCitizen.username);

      await page.goto('/forgot-password');
      await page.getByLabel('用户名', { exact: true }).fill(demoCitizen.username);
      await page.getByLabel('图形验证码').first().fill(captchaAnswer);
      await page.getByRole('button', { name: '下一步' }).click();
      await page.getByLabel('您母亲的姓名是？').fill('李梅');
      await page.getByLabel('您的出生地是？').fill('ＴＡＩＹＵＡＮ');
      await page.getByLabel('您就读的小学名称是？').fill('迎泽小学');
      await page.getByRole('button', { name: '下一步' }).click();
      await page.getByLabel('新密码', { exact: true }).fill('Recovered-2026!');
      await page.getByLabel('确认新密码').fill('Recovered-2026!');
      await page.getByRole('button', { name: '保存' }).click();
      await page.getByText('密码已重设').waitFor();
      await signIn(page, 'Recovered-2026!');
    });
    await context.close();
  });
});

async function streamBytes(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  return (await streamBytes(stream)).toString('utf8');
}
