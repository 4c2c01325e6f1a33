import { AxeBuilder } from '@axe-core/playwright';
import { Certificate } from '@tessera/certificate';
import type { Browser } from 'playwright-core';
import { seedPlatformDemoCertificates } from '../../../gateway/src/platform/demo-certificates';
import { seedCitizenWithCertificate } from '../harness/fixtures';
import { adminSignIn, openSection } from './admin-client';
import { accessibilityViolations, describeInBrowser, launchBrowser, newContext, scenario } from './browser';
import { type BrowserStack, startBrowserStack } from './browser-stack';

describeInBrowser(
  'admin client: ad-hoc queries in GraphiQL for auditors (issue 6 item 6, issue 17 item 10, CT-2, RA-5)',
  () => {
    let stack: BrowserStack;
    let browser: Browser;

    beforeAll(async () => {
      [stack, browser] = await Promise.all([startBrowserStack(), launchBrowser()]);
    });
    afterAll(async () => {
      await browser?.close();
      await stack?.platform.stop();
    });

    it('an auditor opens the saved certificate query by expiry window, runs it with their own token and sees the certificate', async () => {
      const { certificate } = await seedCitizenWithCertificate(stack.platform, 'adhoc_holder');
      const context = await newContext(browser, stack.baseUrl);
      const graphRequests: { authorization?: string; body: string }[] = [];
      context.on('request', (request) => {
        if (new URL(request.url()).pathname === '/graphql' && request.method() === 'POST') {
          graphRequests.push({ authorization: request.headers().authorization, body: request.postData() ?? '' });
        }
      });
      await scenario(context, 'admin-adhoc', async (page) => {
        await adminSignIn(page, 'auditor');
        await page.getByRole('heading', { name: '工作台' }).waitFor();
        await openSection(page, '即席查询');
        await page.getByRole('heading', { name: '即席查询' }).waitFor();
        const editor = page.locator('.graphiql-query-editor .view-lines');
        await editor.getByText('CertificatesBySubjectName').waitFor({ timeout: 30_000 });
        await page
          .getByRole('tab', { name: /CertificatesExpiringBetween/ })
          .getByRole('button')
          .first()
          .click();
        await editor.getByText('CertificatesExpiringBetween').waitFor();
        await page.getByRole('button', { name: /^Execute query/ }).click();
        const response = page.locator('.graphiql-response .view-lines');
        await response.getByText(certificate.serialNumber).waitFor({ timeout: 30_000 });
        expect(await response.textContent()).toMatch(/"total":\s*1/);
      });
      await context.close();
      const adHoc = graphRequests.filter((r) => r.body.includes('CertificatesExpiringBetween'));
      expect(adHoc.length).toBeGreaterThan(0);
      expect(adHoc.every((r) => r.authorization?.startsWith('Bearer '))).toBe(true);
      expect(graphRequests.some((r) => r.body.includes('__schema'))).toBe(false);
    });

    const words = {
      'zh-CN': {
        title: '即席查询',
        loading: '正在加载查询编辑器…',
        saved: ['按主体名称查询证书状态', '按到期时间窗口查询证书', '挂起超过 N 天的证书'],
      },
      en: {
        title: 'Ad-hoc queries',
        loading: 'Loading the query editor…',
        saved: [
          'Certificate status by subject name',
          'Certificates by expiry window',
          'Certificates suspended for more than N days',
        ],
      },
    } as const;

    for (const language of ['zh-CN', 'en'] as const) {
      it(`in ${language}: the editor loads behind a progress bar, and each saved query run with its defaults finds the demo certificates`, async () => {
        // The demo data of `npm start`: the demo citizen's two certificates, the signing one suspended.
        await seedPlatformDemoCertificates(stack.platform);
        const demo = await stack.platform.certificate.orm.em
          .fork()
          .find(Certificate, { subject: { $like: '%O=Tessera 演示%' }, usage: 'signing' });
        expect(demo).toHaveLength(1);
        const suspended = demo[0] as Certificate;

        const context = await newContext(browser, stack.baseUrl);
        const token = await stack.platform.token({ subject: `adhoc-${language}`, kind: 'staff', roles: ['AUDITOR'] });
        const tokens = JSON.stringify({ accessToken: token, refreshToken: 'unused' });
        await context.addInitScript(
          `sessionStorage.setItem('tessera.admin.session', ${JSON.stringify(tokens)}); localStorage.setItem('tessera.language', '${language}');`,
        );
        // The editor's code is held back until the progress bar has been seen.
        let release = () => {};
        const released = new Promise<void>((resolve) => {
          release = resolve;
        });
        await context.route(/\/admin\/assets\/query-editor-[^/]*\.js$/, async (route) => {
          await released;
          await route.continue();
        });
        const said = words[language];
        await scenario(context, `admin-adhoc-defaults-${language}`, async (page) => {
          await page.goto('/admin/queries');
          await page.getByRole('heading', { name: said.title, level: 1 }).waitFor();
          const progress = page.getByRole('progressbar', { name: said.loading });
          await progress.waitFor();
          expect(await progress.isVisible()).toBe(true);
          expect(await page.locator('.saved-queries li').allTextContents()).toEqual(said.saved);
          expect(await accessibilityViolations(page)).toEqual([]);
          release();
          await progress.waitFor({ state: 'detached', timeout: 30_000 });

          const editor = page.locator('.graphiql-query-editor .view-lines');
          // The saved queries' comments are in the chosen language.
          await editor.getByText(said.saved[0]).waitFor({ timeout: 30_000 });
          const comments = (await editor.allInnerTexts()).join('\n');
          expect(/[\u4e00-\u9fff]/.test(comments)).toBe(language === 'zh-CN');
          expect(comments).not.toMatch(/\b(RA|ID|CT|CS)-\d+\b/);
          // GraphiQL's tab strip puts buttons inside role="tab" (nested-interactive, upstream): left out.
          const { violations } = await new AxeBuilder({ page })
            .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
            .exclude('.graphiql-tabs')
            .analyze();
          expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
          const response = page.locator('.graphiql-response .view-lines');
          for (const name of [
            'CertificatesBySubjectName',
            'CertificatesExpiringBetween',
            'CertificatesSuspendedForMoreThanNDays',
          ]) {
            await page
              .getByRole('tab', { name: new RegExp(name) })
              .getByRole('button')
              .first()
              .click();
            await editor.getByText(name).waitFor();
            await page.getByRole('button', { name: /^Execute query/ }).click();
            await response.getByText(suspended.serialNumber).waitFor({ timeout: 30_000 });
            expect({ name, response: await response.textContent() }).toEqual({
              name,
              response: expect.stringMatching(/"total":\s*[1-9]/),
            });
          }
        });
        await context.close();
      });
    }
  },
);
