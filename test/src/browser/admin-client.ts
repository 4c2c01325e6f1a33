import { webcrypto } from 'node:crypto';
import { Pkcs10CertificateRequestGenerator } from '@peculiar/x509';
import { demoPassword, demoTotpSecret } from '@tessera/identity';
import { authenticator } from 'otplib';
import type { Page } from 'playwright-core';
import { captchaAnswer } from './browser-stack';

/** Signs a staff member in through the admin client's sign-in page (password, TOTP, captcha). */
export async function adminSignIn(
  page: Page,
  username: string,
  options: { password?: string; totpSecret?: string } = {},
): Promise<void> {
  await page.goto('/admin/sign-in');
  await page.getByRole('heading', { name: '工作人员登录' }).waitFor();
  await page.getByRole('img', { name: '图形验证码' }).waitFor();
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(options.password ?? demoPassword);
  await page.getByLabel(/动态口令/).fill(authenticator.generate(options.totpSecret ?? demoTotpSecret));
  await page.getByLabel('图形验证码').first().fill(captchaAnswer);
  await page.getByRole('button', { name: '登录' }).click();
}

/** Opens a part of the workbench through the navigation, as a clerk would (on a phone, through the menu button). */
export async function openSection(page: Page, name: string): Promise<void> {
  const menu = page.getByRole('button', { name: '菜单' });
  if ((await menu.isVisible()) && (await menu.getAttribute('aria-expanded')) === 'false') await menu.click();
  await page.getByRole('navigation', { name: '菜单' }).getByRole('link', { name, exact: true }).click();
}

/** A PEM P-256 certificate request for `CN=<name>`, as the subscriber's software makes it for the issuing clerk. */
export async function certificateRequest(name: string): Promise<string> {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const request = await Pkcs10CertificateRequestGenerator.create({
    name: `CN=${name}`,
    keys,
    signingAlgorithm: algorithm,
  });
  return request.toString('pem');
}
