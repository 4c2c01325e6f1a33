import type { Page } from 'playwright-core';

/**
 * Where the platform sends the browser back to a business system that is not running here: the provider's
 * redirect to `origin` is caught and answered with a stand-in page. `arrived` is the redirect's URL (with the
 * code), told once the stand-in page has loaded, so that a test navigating on from there never interrupts
 * the provider's own navigation.
 */
export async function businessSystem(page: Page, origin: string): Promise<{ arrived: Promise<URL> }> {
  const system = new URL(origin).origin;
  let caught: (url: URL) => void = () => {};
  const redirected = new Promise<URL>((resolve) => {
    caught = resolve;
  });
  await page.route(
    (url) => url.pathname.startsWith('/oidc/auth/'),
    async (route) => {
      const response = await route.fetch({ maxRedirects: 0 });
      const location = response.headers().location;
      const target = location ? new URL(location, route.request().url()) : null;
      if (target?.origin !== system) return route.fulfill({ response });
      await route.fulfill({
        status: 200,
        contentType: 'text/html',
        body: '<!doctype html><title>business system</title>',
      });
      caught(target);
    },
  );
  const arrived = redirected.then(async (target) => {
    await page.waitForURL((url) => url.pathname.startsWith('/oidc/auth/'));
    return target;
  });
  return { arrived };
}
