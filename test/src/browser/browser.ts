import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContext, type ConsoleMessage, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (`.ci/run` installs it); `npx playwright install` cannot download browsers here. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumMissing = fs.existsSync(chromiumPath)
  ? null
  : `Chromium not found at ${chromiumPath}: install Debian's chromium (.ci/run does) or set CHROMIUM_PATH; browser tests skipped`;

/** `describe` for browser tests: skipped with a clear message where Chromium is missing. */
export function describeInBrowser(name: string, body: () => void): void {
  if (chromiumMissing) {
    describe.skip(`${name} — ${chromiumMissing}`, body);
    if (!process.env.TESSERA_BROWSER_NOTICE) {
      process.env.TESSERA_BROWSER_NOTICE = '1';
      process.stderr.write(`\n${chromiumMissing}\n`);
    }
    return;
  }
  describe(name, body);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export const artifactsDir = path.resolve(__dirname, '..', '..', 'artifacts');

export interface Viewport {
  width: number;
  height: number;
}

export const phone: Viewport = { width: 360, height: 740 };
export const desktop: Viewport = { width: 1440, height: 900 };

/** A fresh browser context (no shared storage) in Chinese, at the given size. */
export function newContext(browser: Browser, baseURL: string, viewport: Viewport = desktop): Promise<BrowserContext> {
  return browser.newContext({ baseURL, viewport, locale: 'zh-CN' });
}

/**
 * Runs a browser scenario; when it fails, saves a full-page screenshot of every open page to
 * `test/artifacts/<name>-<n>.png` and adds each page's address and visible alerts to the failure,
 * so a CI log says what the user saw. Anything the pages' Content-Security-Policy refused (Chromium
 * reports it on the console) fails the scenario too: the policy must never break a page.
 */
export async function scenario(context: BrowserContext, name: string, run: (page: Page) => Promise<void>) {
  const violations: string[] = [];
  const onConsole = (message: ConsoleMessage) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  };
  context.on('console', onConsole);
  const page = await context.newPage();
  try {
    await run(page);
    if (violations.length) throw new Error(`The Content-Security-Policy refused:\n${violations.join('\n')}`);
  } catch (error) {
    fs.mkdirSync(artifactsDir, { recursive: true });
    const pages = context.pages();
    const seen: string[] = [];
    for (const [n, open] of pages.entries()) {
      await open.screenshot({ path: path.join(artifactsDir, `${name}-${n}.png`), fullPage: true }).catch(() => {});
      const alerts = await open
        .locator('[role=alert]:visible')
        .allTextContents()
        .catch(() => []);
      seen.push(`page ${n} at ${open.url()}; alerts: ${alerts.length ? alerts.join(' | ') : 'none'}`);
    }
    if (error instanceof Error) error.message += `\n\nWhat the browser showed:\n${seen.join('\n')}`;
    throw error;
  } finally {
    context.off('console', onConsole);
    await page.close();
  }
}

/** The page's horizontal overflow in CSS pixels (0 when nothing sticks out at this width). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
}

/** The page's document, as far as the predicates below use it (the tests compile without the DOM library). */
export interface PageDocument {
  querySelector(selector: string): { getAttribute(name: string): string | null } | null;
}

/**
 * Waits until no element matches `selector`. Predicates are functions, never strings: Playwright
 * evaluates a string predicate with `eval` inside the page, which the Content-Security-Policy refuses.
 */
export async function waitUntilGone(page: Page, selector: string): Promise<void> {
  await page.waitForFunction(
    (select) => !(globalThis as unknown as { document: PageDocument }).document.querySelector(select),
    selector,
  );
}

/**
 * What axe-core finds against WCAG 2.1 A and AA on the page as it shows now (or only the `rules`
 * named): one line per rule broken, with the elements that break it, so a failure names what to fix.
 */
export async function accessibilityViolations(page: Page, rules?: string[]): Promise<string[]> {
  const axe = new AxeBuilder({ page });
  const { violations } = await (rules
    ? axe.withRules(rules)
    : axe.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
  ).analyze();
  return violations.map(
    (violation) =>
      `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
  );
}
