import { startTestPlatform, type TestPlatform } from '../harness/platform';

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
