import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { demoCitizen, demoPassword } from '@tessera/identity';
import { staffRoles } from '@tessera/kit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { graphql } from '../harness/platform';
import { describeInBrowser, desktop, launchBrowser, phone, scenario, type Viewport, waitUntilGone } from './browser';
import { type BrowserStack, captchaAnswer, startBrowserStack } from './browser-stack';

/**
 * Issue 17 items 3 and 4 and their proof: every page of both clients at 360 px and 1440 px, in Chinese
 * and English, with no serious or critical axe-core violation; the wizards move the focus to each
 * step's heading and announce it; the bureau's branding comes from configuration (this stack runs with
 * a bureau of its own, emblem on another origin included) and nothing project-internal shows in the
 * clients' chrome; the first load of each client stays under its budget as transferred over the wire.
 */

type Language = 'zh-CN' | 'en';
const viewports: Viewport[] = [phone, desktop];

const bureau = {
  'zh-CN': '临江市社会保险事业管理局',
  en: 'Linjiang Social Insurance Bureau',
  hotline: '0571-12333',
  icpFiling: '浙ICP备12345678号-1',
};

const clientsDir = path.resolve(__dirname, '..', '..', '..', 'clients');
const routerOf = (client: 'web' | 'admin') => fs.readFileSync(path.join(clientsDir, client, 'src', 'app.tsx'), 'utf8');

/** The web client's routes (its router in `clients/web/src/app.tsx`), each with an address to open it at. */
const webRoutes = {
  signedOut: {
    '/': '/',
    '/sign-in': '/sign-in',
    '/register': '/register',
    '/forgot-username': '/forgot-username',
    '/forgot-password': '/forgot-password',
    '/status': '/status',
    '/help': '/help',
    '/help/error-codes': '/help/error-codes',
    '/privacy': '/privacy',
    '/oidc/interaction/:uid': '/oidc/interaction/no-such-interaction',
    '*': '/no-such-page',
  },
  signedIn: {
    '/account': '/account',
    '/account/password': '/account/password',
    '/account/security-questions': '/account/security-questions',
    '/account/sessions': '/account/sessions',
    '/certificates': '/certificates',
    '/certificates/apply': '/certificates/apply',
  },
} as const;

/** The admin client's sections (`clients/admin/src/sections.ts`, routed by its router one by one). */
const sectionPaths = [
  ...fs.readFileSync(path.join(clientsDir, 'admin', 'src', 'sections.ts'), 'utf8').matchAll(/\bpath: '([^']+)'/g),
].map((match) => match[1] as string);

/** The admin client's service desk pages (`servicePages` of `clients/admin/src/app.tsx`). */
const servicePages = ['consultations', 'summary', 'phone', 'on-site', 'complaints', 'surveys'];

/** What a person must never read in a client's chrome: the project's and the demo's own words. */
const internalWords = /Tessera|demo|演示|subgraph|子图/i;

/**
 * GraphiQL's own DOM (the ad-hoc query page, `/admin/queries`) breaks these rules upstream, and only
 * they are set aside, only inside `.graphiql-container` (the rest of the page is checked in full):
 * `nested-interactive`: graphiql 5.4's tab bar puts each tab's close button inside its `role=tab`;
 * `color-contrast`: its logo link and Monaco 0.52's dimmed line numbers are drawn in translucent grey.
 */
const graphiqlUpstreamRules = ['nested-interactive', 'color-contrast'];

/** axe-core's serious and critical findings against WCAG 2.1 A and AA, one line per rule broken. */
async function seriousViolations(page: Page): Promise<string[]> {
  const wcag = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
  // The ad-hoc query page loads GraphiQL lazily, behind a progress bar: check the page once it is there.
  if (new URL(page.url()).pathname.endsWith('/queries')) await page.locator('.graphiql-container').waitFor();
  const graphiql = (await page.locator('.graphiql-container').count()) > 0;
  const runs = graphiql
    ? [
        new AxeBuilder({ page }).withTags(wcag).exclude('.graphiql-container'),
        new AxeBuilder({ page }).withTags(wcag).include('.graphiql-container').disableRules(graphiqlUpstreamRules),
      ]
    : [new AxeBuilder({ page }).withTags(wcag)];
  const found: string[] = [];
  for (const run of runs) {
    const { violations } = await run.analyze();
    for (const violation of violations) {
      if (violation.impact !== 'serious' && violation.impact !== 'critical') continue;
      const nodes = violation.nodes.map((node) => node.target.join(' ')).join(', ');
      found.push(`${page.url()}: ${violation.id} (${violation.impact}): ${violation.help} (${nodes})`);
    }
  }
  return found;
}

/** Opens `address` in `language` and waits until the page has its heading and nothing is still loading. */
async function open(page: Page, address: string, language: Language): Promise<void> {
  if (page.url() === 'about:blank') await page.goto(address);
  await page.evaluate(`localStorage.setItem('tessera.language', ${JSON.stringify(language)})`);
  await page.goto(address);
  await page.locator('h1').first().waitFor();
  await waitUntilGone(page, '.loading');
  expect(await page.locator('html').getAttribute('lang')).toBe(language);
}

/** The page's document, as far as `visit` uses it (the tests compile without the DOM library). */
interface WalkedWindow {
  history: { pushState(state: null, unused: string, url: string): void };
  dispatchEvent(event: unknown): void;
  PopStateEvent: new (type: string) => unknown;
}

/**
 * Moves the client to `address` without reloading it (the router follows `popstate`, as it does for
 * the browser's back button), then waits for the new page's heading and until nothing is loading.
 */
async function visit(page: Page, address: string): Promise<void> {
  if (page.url() === 'about:blank') await page.goto(address);
  if (new URL(page.url()).pathname === address) {
    await page.locator('main h1').first().waitFor();
    return waitUntilGone(page, '.loading');
  }
  await page.locator('main h1').evaluateAll((headings) => {
    for (const heading of headings)
      (heading as { setAttribute(name: string, value: string): void }).setAttribute('data-walked', '');
  });
  await page.evaluate((to) => {
    const window = globalThis as unknown as WalkedWindow;
    window.history.pushState(null, '', to);
    window.dispatchEvent(new window.PopStateEvent('popstate'));
  }, address);
  await page.locator('main h1:not([data-walked])').first().waitFor();
  await waitUntilGone(page, '.loading');
}

/** The page's header, footer and title: the chrome the bureau's branding is in. */
async function chromeOf(page: Page): Promise<{ header: string; footer: string; title: string }> {
  return {
    header: (await page.locator('body header').first().textContent()) ?? '',
    footer: (await page.locator('footer.site-footer').textContent()) ?? '',
    title: await page.title(),
  };
}

/** Checks one page: axe, the bureau's name in the chrome and nothing internal there. */
async function check(page: Page, language: Language, found: string[]): Promise<void> {
  found.push(...(await seriousViolations(page)));
  const chrome = await chromeOf(page);
  for (const [part, text] of Object.entries(chrome)) {
    if (internalWords.test(text)) found.push(`${page.url()}: the ${part} shows ${internalWords.exec(text)?.[0]}`);
  }
  if (!chrome.header.includes(bureau[language])) found.push(`${page.url()}: the header lacks the bureau's name`);
  if (!chrome.title.includes(bureau[language])) found.push(`${page.url()}: the title lacks the bureau's name`);
}

describeInBrowser('both clients: accessible in both languages and sizes, branded from configuration (issue 17)', () => {
  let stack: BrowserStack;
  let browser: Browser;
  let emblemServer: http.Server;
  let emblemUrl: string;
  let applicationId: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    // The emblem lives on another origin, as a bureau's static site would keep it: the pages' img-src must allow it.
    emblemServer = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/svg+xml' });
      res.end('<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32"><circle cx="16" cy="16" r="14"/></svg>');
    });
    await new Promise<void>((resolve) => emblemServer.listen(0, '127.0.0.1', resolve));
    emblemUrl = `http://127.0.0.1:${(emblemServer.address() as AddressInfo).port}/emblem.svg`;
    [stack, browser] = await Promise.all([
      startBrowserStack({
        BUREAU_NAME: bureau['zh-CN'],
        BUREAU_NAME_EN: bureau.en,
        BUREAU_EMBLEM_URL: emblemUrl,
        BUREAU_HOTLINE: bureau.hotline,
        BUREAU_ICP_FILING: bureau.icpFiling,
      }),
      launchBrowser(),
    ]);
    applicationId = await counterApplication(stack);
    await usernameRecoveryMessage(stack);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await stack?.platform.stop();
    await new Promise((resolve) => emblemServer?.close(resolve));
  });

  async function context(viewport: Viewport): Promise<BrowserContext> {
    const opened = await browser.newContext({ baseURL: stack.baseUrl, viewport, locale: 'zh-CN' });
    contexts.push(opened);
    return opened;
  }

  it('walks the routes of both routers (a page added to a router is walked too)', () => {
    const web = [...routerOf('web').matchAll(/<Route path="([^"]+)"/g)].map((match) => match[1]);
    expect(web.sort()).toEqual([...Object.keys(webRoutes.signedOut), ...Object.keys(webRoutes.signedIn)].sort());
    expect(routerOf('web')).not.toMatch(/<Route path=\{/);
    const admin = routerOf('admin');
    expect(
      [...admin.matchAll(/^ {2}'?([\w-]+)'?: lazy\(\(\) => import\('\.\/pages\/service\//gm)].map((m) => m[1]),
    ).toEqual(servicePages);
    expect([...admin.matchAll(/<Route path="([^"]+)"/g)].map((match) => match[1])).toEqual([
      '/sign-in',
      '*',
      '/',
      '/sign-in',
      '/applications/:id',
      '*',
    ]);
  });

  /**
   * Checks the page at `address` in both languages: it opens in the page's current language (moving
   * inside the client, as a click on a link does, so the walk loads each client once) and is checked,
   * then the language switch turns it to the other language and it is checked again.
   */
  async function checkInBothLanguages(page: Page, address: string, found: string[]): Promise<void> {
    await visit(page, address);
    const first = (await page.locator('html').getAttribute('lang')) as Language;
    await check(page, first, found);
    const second: Language = first === 'en' ? 'zh-CN' : 'en';
    await page.locator('.language-switch select').selectOption(second);
    await page.waitForFunction(
      (name) => (globalThis as unknown as { document: { title: string } }).document.title.includes(name),
      bureau[second],
    );
    await waitUntilGone(page, '.loading');
    expect(await page.locator('html').getAttribute('lang')).toBe(second);
    await check(page, second, found);
  }

  async function walkWeb(viewport: Viewport): Promise<string[]> {
    const found: string[] = [];
    await scenario(await context(viewport), `a11y-web-${viewport.width}`, async (page) => {
      for (const address of Object.values(webRoutes.signedOut)) await checkInBothLanguages(page, address, found);
      await open(page, '/sign-in', 'zh-CN');
      await page.getByLabel('用户名').fill(demoCitizen.username);
      await page.getByLabel('密码').fill(demoPassword);
      await page.getByLabel('图形验证码').first().fill(captchaAnswer);
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByText(/您好/).waitFor();
      for (const address of ['/', ...Object.values(webRoutes.signedIn)])
        await checkInBothLanguages(page, address, found);
    });
    return found;
  }

  async function walkAdmin(viewport: Viewport): Promise<string[]> {
    const found: string[] = [];
    await scenario(await context(viewport), `a11y-admin-sign-in-${viewport.width}`, (page) =>
      checkInBothLanguages(page, '/admin/sign-in', found),
    );
    const staff = await context(viewport);
    const token = await stack.platform.token({ subject: 'browser-a11y', kind: 'staff', roles: [...staffRoles] });
    const tokens = JSON.stringify({ accessToken: token, refreshToken: 'unused' });
    await staff.addInitScript(`sessionStorage.setItem('tessera.admin.session', ${JSON.stringify(tokens)})`);
    const addresses = [
      '/admin/',
      ...new Set([...sectionPaths, ...servicePages.map((part) => `/service/${part}`)].map((p) => `/admin${p}`)),
      `/admin/applications/${applicationId}`,
      '/admin/no-such-page',
    ];
    await scenario(staff, `a11y-admin-${viewport.width}`, async (page) => {
      for (const address of addresses) await checkInBothLanguages(page, address, found);
    });
    return found;
  }

  // The two sizes are walked side by side (one stack, one browser, a context per size).
  it('every page of the web client at 360 px and 1440 px, in Chinese and English, passes axe-core (no serious or critical violation)', async () => {
    const found = await Promise.all(viewports.map(walkWeb));
    expect(found.flat()).toEqual([]);
  }, 300_000);

  it("every page of the admin client at 360 px and 1440 px, in Chinese and English, passes axe-core (GraphiQL's upstream rules excepted in its own DOM only)", async () => {
    const found = await Promise.all(viewports.map(walkAdmin));
    expect(found.flat()).toEqual([]);
  }, 600_000);

  it('registration: each step moves the focus to its heading and a live region announces it; errors are alerts (ID-1, ID-2)', async () => {
    const citizen = await context(phone);
    await scenario(citizen, 'a11y-registration-steps', async (page) => {
      await open(page, '/register', 'zh-CN');
      const focused = () =>
        page.evaluate<string>('document.activeElement.tagName + " " + document.activeElement.textContent');
      const announced = () => page.locator('.step-heading + [role=status]').textContent();
      await page.getByRole('heading', { level: 2, name: '登录信息' }).waitFor();
      expect(await focused()).toBe('H2 登录信息');

      // ID-2: a username already taken is an alert, read out at once.
      await page.getByLabel('用户名').fill(demoCitizen.username);
      await page.getByLabel('密码', { exact: true }).fill('Str0ng!Passw0rd');
      await page.getByLabel('确认密码').fill('Str0ng!Passw0rd');
      await page.getByRole('button', { name: '下一步' }).click();
      await page.locator('[role=alert][data-code=USERNAME_TAKEN]').waitFor();

      await page.getByLabel('用户名').fill('a11y_walker');
      await page.getByRole('button', { name: '下一步' }).click();
      await page.getByRole('heading', { level: 2, name: '身份信息' }).waitFor();
      expect(await focused()).toBe('H2 身份信息');
      expect(await announced()).toBe('第 2 步（共 3 步）：身份信息');

      await page.getByRole('button', { name: '下一步' }).click();
      expect(await page.locator('.field-error[role=alert]').count()).toBeGreaterThan(0);

      await page.getByRole('button', { name: '上一步' }).click();
      await page.getByRole('heading', { level: 2, name: '登录信息' }).waitFor();
      expect(await focused()).toBe('H2 登录信息');
      expect(await announced()).toBe('第 1 步（共 3 步）：登录信息');
    });
  });

  it('password recovery and the profile change announce their steps too, in English as well (ID-12, ID-14)', async () => {
    const citizen = await context(desktop);
    await scenario(citizen, 'a11y-recovery-steps', async (page) => {
      const focused = () =>
        page.evaluate<string>('document.activeElement.tagName + " " + document.activeElement.textContent');
      const announced = () => page.locator('.step-heading + [role=status]').textContent();
      await open(page, '/forgot-password', 'en');
      await page.getByLabel('Username').fill(demoCitizen.username);
      await page.getByLabel('Captcha').first().fill(captchaAnswer);
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('heading', { level: 2, name: 'Verify' }).waitFor();
      expect(await focused()).toBe('H2 Verify');
      expect(await announced()).toBe('Step 2 of 3: Verify');

      await open(page, '/sign-in', 'zh-CN');
      await page.getByLabel('用户名').fill(demoCitizen.username);
      await page.getByLabel('密码').fill(demoPassword);
      await page.getByLabel('图形验证码').first().fill(captchaAnswer);
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByText(/您好/).waitFor();
      await open(page, '/account', 'zh-CN');
      await page.getByRole('button', { name: '变更信息' }).click();
      await page.getByRole('heading', { level: 2, name: '填写新信息' }).waitFor();
      expect(await focused()).toBe('H2 填写新信息');
      expect(await announced()).toBe('第 1 步（共 2 步）：填写新信息');
    });
  });

  it("shows the configured bureau, emblem, hotline, privacy notice and ICP filing number, and no 'Tessera' on screen", async () => {
    const visitor = await context(desktop);
    await scenario(visitor, 'a11y-branding', async (page) => {
      for (const [language, address] of [
        ['zh-CN', '/'],
        ['en', '/help'],
        ['zh-CN', '/admin/sign-in'],
        ['en', '/admin/sign-in'],
      ] as const) {
        await open(page, address, language);
        const emblem = page.locator('body header img.emblem').first();
        expect(await emblem.getAttribute('src')).toBe(emblemUrl);
        await page.waitForFunction(
          (img) => (img as unknown as { naturalWidth: number }).naturalWidth > 0,
          await emblem.elementHandle(),
        );
        const footer = page.locator('footer.site-footer');
        expect(await footer.textContent()).toContain(bureau[language]);
        expect(await footer.getByRole('link', { name: bureau.hotline }).getAttribute('href')).toBe(
          `tel:${bureau.hotline}`,
        );
        expect(await footer.getByRole('link', { name: bureau.icpFiling }).getAttribute('href')).toBe(
          'https://beian.miit.gov.cn/',
        );
        expect(await page.locator('body').textContent()).not.toMatch(/Tessera/i);
      }
      await page.locator('footer.site-footer').getByRole('link', { name: 'Privacy notice' }).click();
      await page.getByRole('heading', { level: 1, name: 'Privacy notice' }).waitFor();
      expect(await page.locator('main').textContent()).toContain(bureau.en);
      expect(await page.locator('main').textContent()).toContain(bureau.hotline);
    });
  });

  it('the first load of each client stays under its budget as transferred over the wire, compressed', async () => {
    for (const [client, address] of [
      ['web', '/'],
      ['admin', '/admin/'],
    ] as const) {
      const { budgetKb } = JSON.parse(
        fs.readFileSync(path.join(clientsDir, client, 'dist', 'bundle-report.json'), 'utf8'),
      );
      const fresh = await context(desktop);
      const page = await fresh.newPage();
      const cdp = await fresh.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      const responses = new Map<string, { url: string; encoding?: string; type: string }>();
      const transferred = new Map<string, number>();
      const decoded = new Map<string, number>();
      cdp.on('Network.responseReceived', ({ requestId, response, type }) => {
        const headers = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k.toLowerCase(), v]));
        responses.set(requestId, { url: response.url, encoding: headers['content-encoding'] as string, type });
      });
      cdp.on('Network.dataReceived', ({ requestId, dataLength }) =>
        decoded.set(requestId, (decoded.get(requestId) ?? 0) + dataLength),
      );
      cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) =>
        transferred.set(requestId, encodedDataLength),
      );
      await page.goto(address, { waitUntil: 'networkidle' });
      await page.locator('h1').first().waitFor();
      const totalKb = [...transferred.values()].reduce((sum, bytes) => sum + bytes, 0) / 1024;
      // The build precompresses every text asset of 1 KB or more (`precompress`); smaller ones gain nothing.
      const uncompressed = [...responses.entries()]
        .filter(([id, r]) => ['Script', 'Stylesheet', 'Document'].includes(r.type) && (decoded.get(id) ?? 0) >= 1024)
        .filter(([, r]) => !['br', 'gzip'].includes(r.encoding ?? ''))
        .map(([, r]) => r.url);
      expect(uncompressed).toEqual([]);
      expect([...responses.values()].filter((r) => r.type === 'Script').length).toBeGreaterThan(0);
      expect(totalKb).toBeGreaterThan(10);
      expect(totalKb).toBeLessThan(budgetKb);
      process.stdout.write(`${client}: first load ${totalKb.toFixed(1)} KB over the wire (budget ${budgetKb} KB)\n`);
      await page.close();
    }
  });
});

/** A unit's counter application, for the admin client's application page. */
async function counterApplication(stack: BrowserStack): Promise<string> {
  const token = await stack.platform.token({ subject: 'browser-a11y-entry', kind: 'staff', roles: ['ENTRY_CLERK'] });
  const ok = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    const response = await graphql<T>(stack.platform.gateway.url, query, { variables, token });
    expect(response.body.errors).toBeUndefined();
    return response.body.data as T;
  };
  const { registerSubscriber } = await ok<{ registerSubscriber: { id: string } }>(
    'mutation($input: RegisterSubscriberInput!) { registerSubscriber(input: $input) { id } }',
    {
      input: {
        kind: 'unit',
        socialInsuranceNumber: '140900900017',
        name: '临江无障碍测试有限公司',
        creditCode: '91440300MA5F0K3R4P',
        contactName: '周九',
        contactPhone: '13800138000',
        region: '临江市',
        agency: '临江市社会保险管理中心',
      },
    },
  );
  const { submitApplication } = await ok<{ submitApplication: { id: string } }>(
    'mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id } }',
    {
      input: {
        subscriberId: registerSubscriber.id,
        certificateKind: 'ORGANIZATION',
        idNumber: '440303198503121239',
        businessType: 'NEW',
      },
    },
  );
  return submitApplication.id;
}

/** A text message in the SMS outbox (a username recovery of the demo citizen), so its table has rows to scroll. */
async function usernameRecoveryMessage(stack: BrowserStack): Promise<void> {
  const { body: issued } = await graphql<{ issueCaptcha: { id: string } }>(
    stack.platform.gateway.url,
    'mutation { issueCaptcha { id } }',
  );
  const { body } = await graphql(
    stack.platform.gateway.url,
    'mutation($input: UsernameRecoveryInput!) { requestUsernameRecoveryCode(input: $input) { id } }',
    {
      variables: {
        input: {
          name: demoCitizen.displayName,
          idType: 'RESIDENT_ID_CARD',
          idNumber: demoCitizen.idNumber,
          captchaId: issued.data?.issueCaptcha.id,
          captchaAnswer,
        },
      },
    },
  );
  expect(body.errors).toBeUndefined();
}
