import type { Browser } from 'playwright-core';
import { seedCitizenWithCertificate } from '../harness/fixtures';
import { adminSignIn, openSection } from './admin-client';
import { describeInBrowser, launchBrowser, newContext, scenario } from './browser';
import { type BrowserStack, startBrowserStack } from './browser-stack';

describeInBrowser('admin client: ad-hoc queries in GraphiQL for auditors (issue 6 item 6, CT-2)', () => {
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
});
