import fs from 'node:fs';
import path from 'node:path';
import { staffRoles } from '@tessera/kit';
import { buildSchema, isEnumType } from 'graphql';
import type { Page } from 'playwright-core';
import { OperationLog } from '../../../subgraphs/ra/src/records/operation-log';
import { accessibilityViolations, describeInBrowser, desktop, horizontalOverflow, phone, scenario } from './browser';
import { browserSession } from './browser-stack';

/** Every page of the desk a clerk with every role can open (the sidebar's and customer service's). */
const routes = [
  '/',
  '/agency',
  '/entry',
  '/review',
  '/issuing',
  '/archive',
  '/completed',
  '/subscribers',
  '/certificates',
  '/fees',
  '/operation-log',
  '/ca-calls',
  '/service/consultations',
  '/service/summary',
  '/service/phone',
  '/service/on-site',
  '/service/complaints',
  '/service/surveys',
  '/users',
  '/unit-accounts',
  '/systems',
  '/sign-out-notices',
  '/sms',
  '/scheduled-jobs',
];

/** The API's enum constants (`IN_USE`, `SUSPENDED`, …): words of the program, never of a page. */
const enumConstants = (() => {
  const schema = buildSchema(fs.readFileSync(path.resolve(__dirname, '../../../schema/api.graphql'), 'utf8'));
  const values = Object.values(schema.getTypeMap())
    .filter((type) => isEnumType(type) && !type.name.startsWith('__'))
    .flatMap((type) => (isEnumType(type) ? type.getValues().map((value) => value.name) : []));
  return new Set(values.filter((value) => value.length > 3));
})();

/**
 * What a page shows that is not for people: rule ids (`RA-15`), kebab-case identifiers
 * (`social-insurance-certificates`), SCREAMING_CASE and the API's enum constants. Code-styled data
 * (serials, hashes, client ids, addresses) is a value the clerk copies, not a label: it is left out.
 */
async function programWords(page: Page, language: 'zh-CN' | 'en'): Promise<string[]> {
  // biome-ignore lint/performance/useDomNodeTextContent: only the rendered text counts (hidden menus do not)
  const visible = await page.locator('body').innerText();
  const codes = await page.locator('code:visible, pre:visible').allInnerTexts();
  const text = codes.reduce((rest, code) => (code ? rest.split(code).join(' ') : rest), visible);
  const found = [
    ...(text.match(/\b(RA|ID|CT|CS)-\d+\b/g) ?? []),
    // Chinese has no hyphenated words: any kebab-case there is an identifier; English has
    // compounds (sign-on, tamper-evident) but none of three parts and more.
    ...(text.match(
      language === 'en' ? /\b[a-z][a-z0-9]*(?:-[a-z0-9]+){2,}\b/g : /\b[a-z][a-z0-9]*(?:-[a-z0-9]+)+\b/g,
    ) ?? []),
    ...(text.match(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g) ?? []),
    ...(text.match(/\b[A-Z]{4,}\b/g) ?? []).filter((word) => enumConstants.has(word)),
  ];
  return [...new Set(found)];
}

/** The sidebar's parts whose name takes more than one line or is cut (height, or text wider than the link). */
async function foldedNavItems(page: Page): Promise<string[]> {
  return page.locator('#desk-nav a').evaluateAll((links) =>
    links
      .filter((link) => {
        const element = link as unknown as {
          scrollWidth: number;
          clientWidth: number;
          getBoundingClientRect(): { height: number };
        };
        const style = (
          globalThis as unknown as {
            getComputedStyle(e: unknown): { lineHeight: string; paddingTop: string; paddingBottom: string };
          }
        ).getComputedStyle(link);
        const content =
          element.getBoundingClientRect().height -
          Number.parseFloat(style.paddingTop) -
          Number.parseFloat(style.paddingBottom);
        return content > Number.parseFloat(style.lineHeight) * 1.2 || element.scrollWidth > element.clientWidth;
      })
      .map((link) => (link as unknown as { textContent: string }).textContent),
  );
}

/** A DOM Range, as far as the test uses it (the tests compile without the DOM library). */
interface TextRange {
  selectNodeContents(node: unknown): void;
  getClientRects(): ArrayLike<{ top: number }> & Iterable<{ top: number }>;
}

async function chooseLanguage(page: Page, language: 'zh-CN' | 'en'): Promise<void> {
  await page.locator('.language-switch select').selectOption(language);
  await page.waitForFunction(
    (lang) =>
      (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement.lang ===
      lang,
    language,
  );
}

describeInBrowser('admin client: the clerks’ desk (issue 17 item 6)', () => {
  const session = browserSession();

  beforeAll(async () => {
    // A long operation log: more rows than a screen, a timestamp in every row, the RA's project id in each.
    const log = new OperationLog();
    for (let n = 0; n < 60; n++) {
      await session.stack.platform.ra.orm.em.fork().transactional((tx) =>
        log.append(tx, {
          at: new Date(),
          operation: 'enter',
          project: 'social-insurance-certificates',
          maker: `m${n}`,
        }),
      );
    }
  });

  for (const language of ['zh-CN', 'en'] as const) {
    it(`at 1440 px in ${language}: a grouped sidebar of one-line parts, and no rule id, identifier or constant on any page`, async () => {
      const context = await session.withToken([...staffRoles], desktop);
      await scenario(context, `admin-desk-wide-${language}`, async (page) => {
        await page.goto('/admin/');
        await page.locator('h1').waitFor();
        await chooseLanguage(page, language);
        const nav = page.locator('#desk-nav');
        expect(await nav.isVisible()).toBe(true);
        expect(await page.locator('.desk-menu-button').isVisible()).toBe(false);
        expect(await nav.locator('.desk-nav-heading').count()).toBe(5);
        expect(await foldedNavItems(page)).toEqual([]);
        const seen: Record<string, string[]> = {};
        for (const route of routes) {
          await page.goto(`/admin${route}`);
          await page.locator('h1').waitFor();
          await page.waitForLoadState('networkidle');
          const words = await programWords(page, language);
          if (words.length) seen[route] = words;
          // Every page in the desk's frame passes axe (once: the structure is the same in both languages).
          if (language === 'zh-CN') {
            const violations = await accessibilityViolations(page);
            if (violations.length) seen[`${route} (axe)`] = violations;
          }
        }
        expect(seen).toEqual({});
      });
    }, 300_000);

    it(`at 360 px in ${language}: the sidebar folds into a menu that opens, does not wrap, and closes on a choice`, async () => {
      const context = await session.withToken([...staffRoles], phone);
      await scenario(context, `admin-desk-phone-${language}`, async (page) => {
        await page.goto('/admin/');
        await page.locator('h1').waitFor();
        await chooseLanguage(page, language);
        const nav = page.locator('#desk-nav');
        const menu = page.locator('.desk-menu-button');
        expect(await nav.isVisible()).toBe(false);
        expect(await menu.getAttribute('aria-expanded')).toBe('false');
        await menu.click();
        expect(await nav.isVisible()).toBe(true);
        expect(await menu.getAttribute('aria-expanded')).toBe('true');
        expect(await foldedNavItems(page)).toEqual([]);
        expect(await horizontalOverflow(page)).toBe(0);
        expect(await accessibilityViolations(page)).toEqual([]);
        await nav.locator('a[href="/admin/operation-log"]').click();
        await page.waitForURL(/operation-log$/);
        await nav.waitFor({ state: 'hidden' });
        expect(await horizontalOverflow(page)).toBe(0);
      });
    });
  }

  it('a long table keeps its header row in view while it scrolls; a timestamp is one line, in the bureau’s time zone', async () => {
    const context = await session.withToken(['AUDITOR'], desktop);
    await scenario(context, 'admin-desk-table', async (page) => {
      await page.goto('/admin/operation-log');
      const table = page.getByRole('group', { name: '日志记录' });
      await table.getByRole('row').nth(60).waitFor();
      expect(await table.getAttribute('tabindex')).toBe('0');
      const header = table.locator('thead th').first();
      const before = await header.boundingBox();
      await table.evaluate((box) => {
        (box as unknown as { scrollTop: number; scrollHeight: number }).scrollTop = (
          box as unknown as { scrollHeight: number }
        ).scrollHeight;
      });
      const lastRow = table.locator('tbody tr').last();
      await lastRow.waitFor();
      const box = await table.boundingBox();
      const after = await header.boundingBox();
      const last = await lastRow.boundingBox();
      if (!before || !after || !box || !last) throw new Error('the table is not laid out');
      // The last row is in view, and so is the header row, still at the top of the table's box.
      expect(last.y + last.height).toBeLessThanOrEqual(box.y + box.height + 1);
      expect(Math.abs(after.y - box.y)).toBeLessThan(2);
      expect(Math.abs(after.y - before.y)).toBeLessThan(2);
      expect(await table.evaluate((b) => (b as unknown as { scrollTop: number }).scrollTop)).toBeGreaterThan(0);

      // The time column (2nd): `2026-12-05 14:01` in Asia/Shanghai, its text on one line.
      const timeCell = table.locator('tbody tr').first().locator('td').nth(1);
      expect(await timeCell.textContent()).toMatch(/^\d{4}-\d{2}-\d{2}\u00a0\d{2}:\d{2}$/);
      const lines = await timeCell.evaluate((td) => {
        const range = (globalThis as unknown as { document: { createRange(): TextRange } }).document.createRange();
        range.selectNodeContents(td);
        return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
      });
      expect(lines).toBe(1);
      expect(await accessibilityViolations(page)).toEqual([]);
    });
  });
});
