import { randomUUID } from 'node:crypto';
import type { StaffRole } from '@tessera/kit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestPlatform, type TestPlatform } from '../harness/platform';
import { launchBrowser, newContext, scenario, type Viewport } from './browser';

/** The captcha text every captcha shows in browser tests (CAPTCHA_TEST_ANSWER). */
export const captchaAnswer = 'Tk7P';

export interface BrowserStack {
  platform: TestPlatform;
  /** Where the gateway serves the clients, e.g. `http://127.0.0.1:4321`. */
  baseUrl: string;
}

/** The platform as `npm start` runs it (built clients served by the gateway), on free ports. */
export async function startBrowserStack(env: Record<string, string> = {}): Promise<BrowserStack> {
  const platform = await startTestPlatform({ CAPTCHA_TEST_ANSWER: captchaAnswer, SEED_DEMO_DATA: 'true', ...env });
  return { platform, baseUrl: new URL(platform.gateway.url).origin };
}

/** A browser stack and a browser for one `describeInBrowser` block, with the contexts its tests open. */
export interface BrowserSession {
  /** The stack, started before the block's tests. */
  readonly stack: BrowserStack;
  /** A fresh context (sessions live in sessionStorage, one per tab), closed with the session at the latest. */
  context(viewport?: Viewport): Promise<BrowserContext>;
  /** A context signed in to the admin client with a staff token of `roles` (no sign-in page). */
  withToken(roles: StaffRole[], viewport?: Viewport): Promise<BrowserContext>;
  /** Runs a scenario in a fresh context, one per clerk, and closes it. */
  clerk(name: string, run: (page: Page) => Promise<void>): Promise<void>;
}

/**
 * Starts the stack and a browser in `beforeAll` and closes every context, the browser and the stack in
 * `afterAll`. Call it first in the block, before the block's own hooks.
 */
export function browserSession(env: Record<string, string> = {}): BrowserSession {
  let started: { stack: BrowserStack; browser: Browser } | undefined;
  const open: BrowserContext[] = [];
  beforeAll(async () => {
    const [stack, browser] = await Promise.all([startBrowserStack(env), launchBrowser()]);
    started = { stack, browser };
  });
  afterAll(async () => {
    for (const context of open) await context.close().catch(() => {});
    await started?.browser.close();
    await started?.stack.platform.stop();
  });
  const running = () => {
    if (!started) throw new Error('the browser stack starts in beforeAll');
    return started;
  };
  const context = async (viewport?: Viewport) => {
    const { stack, browser } = running();
    const opened = await newContext(browser, stack.baseUrl, viewport);
    open.push(opened);
    return opened;
  };
  return {
    get stack() {
      return running().stack;
    },
    context,
    async withToken(roles, viewport) {
      const token = await running().stack.platform.token({ subject: `browser-${randomUUID()}`, kind: 'staff', roles });
      const opened = await context(viewport);
      const tokens = JSON.stringify({ accessToken: token, refreshToken: 'unused' });
      await opened.addInitScript(`sessionStorage.setItem('tessera.admin.session', ${JSON.stringify(tokens)})`);
      return opened;
    },
    async clerk(name, run) {
      const opened = await context();
      await scenario(opened, name, run);
      await opened.close();
    },
  };
}
