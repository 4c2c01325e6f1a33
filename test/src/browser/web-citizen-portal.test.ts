import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { subscriberRequest } from '../../../subgraphs/certificate/src/testing/test-pki';
import { graphql } from '../harness/platform';
import {
  accessibilityViolations,
  describeInBrowser,
  desktop,
  launchBrowser,
  phone,
  scenario,
  type Viewport,
} from './browser';
import { type BrowserStack, browserSession, captchaAnswer, startBrowserStack } from './browser-stack';

/** 王五 of the sandbox bank (subgraphs/identity/README.md): an ABC debit card and the phone reserved with it. */
const wangwu = { name: '王五', idNumber: '440305200002294513', bankCode: 'ABC', card: '6228480000000001230' };
const reservedPhone = '19912345678';
const certificateHolder = '时区测试';
const certificateSubject = `CN=${certificateHolder},OU=个人证书,C=CN`;

/** A catalogue constant such as `IDENTITY_MISMATCH`: what a person must never read on a page. */
const internalCode = /[A-Z_]{6,}/;

type Language = 'zh-CN' | 'en';

const words = {
  'zh-CN': {
    username: '用户名',
    password: '密码',
    captcha: '图形验证码',
    signIn: '登录',
    legacyTab: '身份证号（过渡期）',
    reference: '问题编号',
    help: '查看帮助',
  },
  en: {
    username: 'Username',
    password: 'Password',
    captcha: 'Captcha',
    signIn: 'Sign in',
    legacyTab: 'ID number (transition)',
    reference: 'Reference',
    help: 'Help: what to do about this',
  },
} as const;

/** The date as the bureau shows it (Asia/Shanghai, BUREAU_TIME_ZONE's default), in a client's language. */
const bureauDate = (iso: string, language: Language) =>
  new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'Asia/Shanghai' }).format(new Date(iso));
const dateIn = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(iso),
  );

describeInBrowser(
  'citizen portal: no dead ends, errors that speak to people, one time zone (issue 17 items 1, 2, 5)',
  () => {
    let stack: BrowserStack;
    let browser: Browser;
    const contexts: BrowserContext[] = [];

    // The platform as configured by default: the ID-number transition ended on 2016-01-01 (ID-11).
    beforeAll(async () => {
      [stack, browser] = await Promise.all([startBrowserStack(), launchBrowser()]);
    });
    afterAll(async () => {
      for (const context of contexts) await context.close().catch(() => {});
      await browser?.close();
      await stack?.platform.stop();
    });

    async function open(options: { viewport?: Viewport; language?: Language; timezoneId?: string } = {}) {
      const context = await browser.newContext({
        baseURL: stack.baseUrl,
        viewport: options.viewport ?? desktop,
        locale: options.language ?? 'zh-CN',
        timezoneId: options.timezoneId,
      });
      await context.addInitScript(
        `localStorage.setItem('tessera.language', ${JSON.stringify(options.language ?? 'zh-CN')})`,
      );
      contexts.push(context);
      return context;
    }

    const graphAnswer = (page: Page, operation: string) =>
      page.waitForResponse(
        (response) =>
          response.url().endsWith('/graphql') && Boolean(response.request().postData()?.includes(operation)),
      );

    /** The page's visible text holds no catalogue constant. */
    async function expectNoInternalCode(page: Page) {
      // biome-ignore lint/performance/useDomNodeTextContent: the text a person sees, as rendered
      const text = await page.locator('body').innerText();
      expect(text.match(internalCode)?.[0] ?? null).toBeNull();
    }

    /** The alert of a refused request: its sentence, the reference of the request the gateway named, the help link. */
    async function expectSpeakingError(page: Page, code: string, answer: Response, language: Language) {
      const alert = page.locator(`main [role=alert][data-code=${code}]`);
      await alert.waitFor();
      const body = (await answer.json()) as { errors?: { message: string }[] };
      const sentence = body.errors?.[0]?.message ?? '';
      expect(sentence).not.toBe('');
      expect(await alert.locator('p').first().textContent()).toBe(sentence);
      const requestId = await answer.headerValue('x-request-id');
      expect(requestId).toBeTruthy();
      expect(await alert.locator('.error-reference').textContent()).toBe(requestId?.slice(0, 8));
      expect(await alert.textContent()).toContain(words[language].reference);
      expect(await alert.getByRole('link', { name: words[language].help }).count()).toBe(1);
      await expectNoInternalCode(page);
      return alert;
    }

    it.each([
      ['zh-CN', phone],
      ['zh-CN', desktop],
      ['en', phone],
      ['en', desktop],
    ] as const)(
      'ID-11: after the transition date the sign-in page offers no ID-number tab (%s, %o), and stays accessible',
      async (language, viewport) => {
        const context = await open({ language, viewport });
        await scenario(context, `web-no-legacy-tab-${language}-${viewport.width}`, async (page) => {
          const told = graphAnswer(page, 'query LegacyIdSignIn');
          await page.goto('/sign-in');
          expect(await (await told).json()).toEqual({
            data: { legacyIdSignIn: { open: false, until: '2015-12-31T16:00:00.000Z' } },
          });
          await page.getByLabel(words[language].username, { exact: true }).waitFor();
          const tabs = await page.getByRole('tab').allTextContents();
          expect(tabs.length).toBeGreaterThan(0);
          expect(tabs).not.toContain(words[language].legacyTab);
          expect(await page.getByText(words[language].legacyTab).count()).toBe(0);
          expect(await accessibilityViolations(page)).toEqual([]);
        });
      },
    );

    it('ID-10, ID-19: a refused sign-in shows its sentence, a reference to read to 12333 and the help entry, never a code (zh-CN at 1440 px, en at 360 px)', async () => {
      for (const [language, viewport] of [
        ['zh-CN', desktop],
        ['en', phone],
      ] as const) {
        const context = await open({ language, viewport });
        await scenario(context, `web-sign-in-errors-${language}`, async (page) => {
          const w = words[language];
          await page.goto('/sign-in');
          await page.getByLabel(w.username, { exact: true }).fill('zhangsan');
          await page.getByLabel(w.password, { exact: true }).fill('not-the-password-1');
          await page.getByLabel(w.captcha).first().fill('zzzz');
          let answer = graphAnswer(page, 'mutation SignIn(');
          await page.getByRole('button', { name: w.signIn, exact: true }).click();
          await expectSpeakingError(page, 'CAPTCHA_INVALID', await answer, language);

          await page.locator('.captcha img').waitFor();
          await page.getByLabel(w.captcha).first().fill(captchaAnswer);
          answer = graphAnswer(page, 'mutation SignIn(');
          await page.getByRole('button', { name: w.signIn, exact: true }).click();
          const alert = await expectSpeakingError(page, 'INVALID_CREDENTIALS', await answer, language);
          expect(await accessibilityViolations(page)).toEqual([]);

          // The help link opens the FAQ at "other questions" (the 12333 hotline).
          await alert.getByRole('link', { name: w.help }).click();
          await page.waitForURL(/\/help#other-questions$/);
          const entry = page.locator('details#other-questions');
          await entry.waitFor();
          expect(await entry.getAttribute('open')).not.toBeNull();
          await entry.getByText(/12333/).waitFor();
        });
      }
    });

    it('ID-4, ID-9, ID-10, ID-19: registration tells the per-phone SMS limit before the captcha, words the bank refusal with its help entry, and a renewed captcha is never flagged before it is touched', async () => {
      const context = await open({ viewport: phone });
      await scenario(context, 'web-registration-dead-ends', async (page) => {
        await page.goto('/register');
        await page.getByLabel('用户名', { exact: true }).fill('wangwu_portal');
        await page.getByLabel('密码', { exact: true }).fill('Tessera-2026!portal');
        await page.getByLabel('确认密码').fill('Tessera-2026!portal');
        await page.getByRole('button', { name: '下一步' }).click();
        await page.getByLabel('姓名').fill('王六');
        await page.getByLabel('证件号码').fill(wangwu.idNumber);
        await page.getByRole('button', { name: '下一步' }).click();
        await page.getByLabel('银行卡号').waitFor();

        // ID-9: the limit is on screen, under the captcha, before anything is solved or sent.
        const captchaField = page.getByRole('textbox', { name: '图形验证码' });
        const limits = '同一手机号每 60 秒可获取一次验证码，每天最多 10 次';
        await page.locator('.captcha .field-hint', { hasText: limits }).waitFor();
        expect(await captchaField.getAttribute('aria-describedby')).toBeTruthy();

        await page.getByLabel('银行', { exact: true }).selectOption(wangwu.bankCode);
        await page.getByLabel('银行卡号').fill(wangwu.card);
        await page.getByLabel('银行预留手机号').fill(reservedPhone);
        await captchaField.fill(captchaAnswer);
        let answer = graphAnswer(page, 'mutation SendRegistrationCode(');
        await page.getByRole('button', { name: '发送验证码' }).click();
        const alert = await expectSpeakingError(page, 'IDENTITY_MISMATCH', await answer, 'zh-CN');
        expect(await alert.locator('p').first().textContent()).toBe('人员姓名或证件类型或证件号与银行登记不匹配');

        // The captcha was spent and renewed: empty, and not red although a send was attempted.
        await page.locator('.captcha img').waitFor();
        expect(await captchaField.inputValue()).toBe('');
        expect(await captchaField.getAttribute('aria-invalid')).toBeNull();
        expect(await page.locator('.captcha .field-invalid').count()).toBe(0);
        expect(await accessibilityViolations(page)).toEqual([]);

        // The help link opens the FAQ's answer to exactly this refusal.
        await alert.getByRole('link', { name: '查看帮助' }).click();
        await page.waitForURL(/\/help#identity-mismatch$/);
        const entry = page.locator('details#identity-mismatch');
        await entry.waitFor();
        expect(await entry.getAttribute('open')).not.toBeNull();
        expect(await page.locator('details[open]').count()).toBe(1);
        await page.goBack();

        // With the right name the code goes out; asking to complete without it flags the code, not the renewed captcha.
        await page.getByLabel('银行卡号').waitFor();
        await page.getByRole('button', { name: '上一步' }).click();
        await page.getByLabel('姓名').fill(wangwu.name);
        await page.getByRole('button', { name: '下一步' }).click();
        await page.getByLabel('银行卡号').waitFor();
        await page.getByLabel('银行', { exact: true }).selectOption(wangwu.bankCode);
        await page.getByLabel('银行卡号').fill(wangwu.card);
        await page.getByLabel('银行预留手机号').fill(reservedPhone);
        await captchaField.fill(captchaAnswer);
        answer = graphAnswer(page, 'mutation SendRegistrationCode(');
        await page.getByRole('button', { name: '发送验证码' }).click();
        expect((await (await answer).json()).errors).toBeUndefined();
        await page.getByRole('button', { name: /\d+ 秒后可重新发送/ }).waitFor();
        await page.getByRole('button', { name: '完成注册' }).click();
        await page.getByRole('textbox', { name: '短信验证码' }).and(page.locator('[aria-invalid=true]')).waitFor();
        expect(await captchaField.getAttribute('aria-invalid')).toBeNull();
        await expectNoInternalCode(page);
      });
    });

    /** A personal certificate of 时区测试 as the RA has it made: enrolled, then redeemed with a CSR (so it has its validity). */
    async function issuePersonalCertificate(): Promise<{ serialNumber: string; notBefore: string; notAfter: string }> {
      const call = async <T>(query: string, variables: Record<string, unknown>, token?: string) => {
        const { body } = await graphql<T>(stack.platform.gateway.url, query, { token, variables });
        if (!body.data) throw new Error(JSON.stringify(body.errors));
        return body.data;
      };
      const ra = await stack.platform.token({ subject: 'ra', kind: 'service' });
      const { createEnrollment: codes } = await call<{
        createEnrollment: { referenceCode: string; authorizationCode: string };
      }>(
        'mutation($input: EnrollmentInput!) { createEnrollment(input: $input) { referenceCode authorizationCode } }',
        { input: { usage: 'SIGNING', kind: 'PERSONAL', subject: certificateSubject } },
        ra,
      );
      const { csr } = await subscriberRequest(certificateSubject);
      await call(
        'mutation($r: String!, $a: String!, $csr: String!) { redeemEnrollment(referenceCode: $r, authorizationCode: $a, csr: $csr) { pem } }',
        {
          r: codes.referenceCode,
          a: codes.authorizationCode,
          csr: `-----BEGIN CERTIFICATE REQUEST-----\n${csr.toString('base64')}\n-----END CERTIFICATE REQUEST-----`,
        },
      );
      const { certificateStatus } = await call<{
        certificateStatus: { certificates: { serialNumber: string; notBefore: string; notAfter: string }[] };
      }>(
        'query($s: String!) { certificateStatus(subject: $s, match: EXACT, first: 1, offset: 0) { certificates { serialNumber notBefore notAfter } } }',
        { s: certificateHolder },
      );
      const [certificate] = certificateStatus.certificates;
      if (!certificate) throw new Error(`no certificate of ${certificateHolder}`);
      return certificate;
    }

    it('issue 17 item 5: the same certificate shows the same validity dates in the web and admin clients, in Asia/Shanghai whatever the browser’s time zone, in both languages', async () => {
      const certificate = await issuePersonalCertificate();
      // A browser zone whose calendar day differs from the bureau's for this certificate, so a browser-zone date would show.
      const zone = ['America/Los_Angeles', 'Pacific/Kiritimati', 'Etc/GMT+12'].find(
        (z) =>
          dateIn(certificate.notBefore, z) !== dateIn(certificate.notBefore, 'Asia/Shanghai') ||
          dateIn(certificate.notAfter, z) !== dateIn(certificate.notAfter, 'Asia/Shanghai'),
      );
      if (!zone) throw new Error(`no zone differs for ${JSON.stringify(certificate)}`);
      const token = await stack.platform.token({
        subject: 'browser-time-zone',
        kind: 'staff',
        roles: ['ADMINISTRATOR'],
      });

      for (const language of ['zh-CN', 'en'] as const) {
        const validity = `${bureauDate(certificate.notBefore, language)} – ${bureauDate(certificate.notAfter, language)}`;
        const web = await open({ language, timezoneId: zone });
        await scenario(web, `web-time-zone-${language}`, async (page) => {
          await page.goto(`/status?subject=${encodeURIComponent(certificateHolder)}&match=EXACT&page=1`);
          await page.locator('tbody [data-state]').waitFor();
          expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe(zone);
          expect(await page.locator('tbody tr').first().textContent()).toContain(validity);
        });
        const admin = await open({ language, timezoneId: zone });
        const tokens = JSON.stringify({ accessToken: token, refreshToken: 'unused' });
        await admin.addInitScript(`sessionStorage.setItem('tessera.admin.session', ${JSON.stringify(tokens)})`);
        await scenario(admin, `admin-time-zone-${language}`, async (page) => {
          await page.goto('/admin/certificates');
          await page
            .getByLabel(language === 'en' ? 'Serial number' : '序列号', { exact: true })
            .fill(certificate.serialNumber);
          await page.getByRole('button', { name: language === 'en' ? 'Search' : '查询', exact: true }).click();
          const row = page.locator('tbody tr', { hasText: certificate.serialNumber });
          await row.waitFor();
          // The desk writes the same days compactly, in either language (issue 17 item 6).
          const compact = `${dateIn(certificate.notBefore, 'Asia/Shanghai')} – ${dateIn(certificate.notAfter, 'Asia/Shanghai')}`;
          expect(await row.textContent()).toContain(compact);
        });
      }
    });
  },
);

describeInBrowser('citizen portal during the ID-number transition (ID-11, LEGACY_ID_LOGIN_UNTIL in the future)', () => {
  const session = browserSession({ LEGACY_ID_LOGIN_UNTIL: '2099-01-01T00:00:00+08:00' });

  it('ID-11: while the transition is open the sign-in page offers the ID-number tab, as the graph tells it', async () => {
    for (const viewport of [phone, desktop]) {
      const context = await session.context(viewport);
      await scenario(context, `web-legacy-tab-open-${viewport.width}`, async (page) => {
        await page.goto('/sign-in');
        const tab = page.getByRole('tab', { name: '身份证号（过渡期）' });
        await tab.click();
        await page.getByLabel('身份证号', { exact: true }).waitFor();
        expect(await tab.getAttribute('aria-selected')).toBe('true');
        expect(await accessibilityViolations(page)).toEqual([]);
      });
    }
  });
});
