import { execFileSync } from 'node:child_process';
import { webcrypto } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CertificateServices } from '@tessera/certificate';
import { demoBusinessSystems, demoCitizen, User } from '@tessera/identity';
import { subscriberRequest } from '../../../subgraphs/certificate/src/testing/test-pki';
import { type RunningAgent, startAgent } from '../../../tools/ekey-agent/src/testing/agent-process';
import { softHsmModule, softHsmToolsAvailable } from '../../../tools/ekey-agent/src/testing/softhsm-ekey';
import { accessibilityViolations, describeInBrowser, scenario } from './browser';
import { browserSession } from './browser-stack';
import { businessSystem } from './business-system';

/** A free loopback port, known before the platform starts (its EKEY_AGENT_URL names the agent's). */
function freePort(): number {
  const script =
    "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  return Number(execFileSync(process.execPath, ['-e', script]).toString());
}

const pem = (der: Uint8Array | ArrayBuffer, label: string) =>
  `-----BEGIN ${label}-----\n${Buffer.from(der as ArrayBuffer)
    .toString('base64')
    .replace(/.{64}/g, '$&\n')}\n-----END ${label}-----\n`;

const p12Password = 'Tessera-p12-2718';
const pin = '246810';
const unit = { insuranceNumber: '440300765432', creditCode: '91440300MA5G000X1K', name: '深圳市证书登录测试有限公司' };
const portal = demoBusinessSystems.find(
  (system) => system.code === 'demo-portal',
) as (typeof demoBusinessSystems)[number];

const ekeyTools = softHsmToolsAvailable();
const itWithEKey = ekeyTools ? it : it.skip;
if (!ekeyTools) {
  process.stderr.write(
    '\nEKey sign-in in the browser skipped: softhsm2-util, pkcs11-tool or openssl missing (apt-get install softhsm2 opensc openssl)\n',
  );
}

describeInBrowser('web client: certificate sign-in (issue 15, item 2)', () => {
  const agentPort = freePort();
  const agentUrl = `http://127.0.0.1:${agentPort}`;
  const browser = browserSession({ EKEY_AGENT_URL: agentUrl });
  let dir: string;
  let pki: CertificateServices['pki'];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'tessera-web-cert-'));
    pki = (browser.stack.platform.certificate.services as CertificateServices).pki;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** demo-portal's authorization request (code + PKCE) and the token exchange it ends with. */
  async function portalSignIn() {
    const oidc = await import('openid-client');
    const config = await oidc.discovery(
      new URL(browser.stack.baseUrl),
      portal.code,
      portal.secret,
      oidc.ClientSecretBasic(portal.secret),
      { execute: [oidc.allowInsecureRequests] },
    );
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: `http://127.0.0.1:${portal.port}/callback`,
      scope: 'openid profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    });
    const tokens = (callback: URL) =>
      oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
    return { url, tokens };
  }

  /** A certificate the platform's issuing CA signs for a key made here, and the key as PKCS#8 DER. */
  async function issued(
    algorithm: 'RSA-2048' | 'P-256',
    subscriber: { kind: 'personal'; holderUserId: string } | { kind: 'organization' },
  ): Promise<{ der: Buffer; key: Buffer }> {
    const { csr, keys } = await subscriberRequest('CN=Ignored', algorithm);
    const certificate = await pki.issuer.issue({
      usage: 'signing',
      csr,
      ...(subscriber.kind === 'personal'
        ? { kind: 'personal', subject: 'CN=张三,C=CN', holderUserId: subscriber.holderUserId }
        : {
            kind: 'organization',
            subject: `CN=${unit.name},O=${unit.name},C=CN`,
            identity: { insuranceNumber: unit.insuranceNumber, creditCode: unit.creditCode },
          }),
    });
    const key = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
    return { der: certificate.der as Buffer, key };
  }

  it('issue 15 (2a): a citizen signs in on the web sign-in page, and then on demo-portal’s single sign-on page (ID token amr ["hwk"]), with a PKCS#12 file made by `openssl pkcs12 -export` (OpenSSL 3 defaults: PBES2 AES-256-CBC, HMAC-SHA-256), opened in the browser; a wrong file password and an EKey agent that is not running are said in words; the certificate tab passes axe', async () => {
    const citizen = await browser.stack.platform.identity.orm.em
      .fork()
      .findOneOrFail(User, { username: demoCitizen.username });
    const { der, key } = await issued('RSA-2048', { kind: 'personal', holderUserId: citizen.id });
    writeFileSync(path.join(dir, 'person.key'), pem(key, 'PRIVATE KEY'));
    writeFileSync(path.join(dir, 'person.crt'), pem(der, 'CERTIFICATE'));
    execFileSync('openssl', [
      ...['pkcs12', '-export', '-inkey', path.join(dir, 'person.key'), '-in', path.join(dir, 'person.crt')],
      ...['-name', '张三', '-passout', `pass:${p12Password}`, '-out', path.join(dir, 'person.p12')],
    ]);
    const uploads: string[] = [];
    const context = await browser.context();
    await scenario(context, 'web-certificate-p12', async (page) => {
      page.on('request', (request) => {
        if (request.method() === 'POST' && (request.postData() ?? '').includes('PRIVATE')) uploads.push(request.url());
      });
      await page.goto('/sign-in');
      await page.getByRole('tab', { name: '证书登录' }).click();
      expect(await page.getByRole('tab', { name: '证书登录' }).getAttribute('aria-selected')).toBe('true');
      expect(await accessibilityViolations(page)).toEqual([]);

      await page.getByLabel('证书文件（.p12/.pfx 或 PEM）').setInputFiles(path.join(dir, 'person.p12'));
      await page.getByLabel('证书文件口令').fill('not-the-password');
      await page.getByRole('button', { name: '使用证书登录' }).click();
      await page.locator('main [role=alert]').getByText('证书文件口令错误').waitFor();
      await page.locator('#certificate-key-password:focus').waitFor();

      // CT-6 in words: the EKey agent is not running yet (it starts for the EKey tests below).
      await page.getByLabel('EKey', { exact: true }).check();
      await page
        .locator('main [role=alert][data-code="EKEY_AGENT_UNAVAILABLE"]')
        .getByText(`无法连接 EKey 助手（${agentUrl}），请确认已安装并运行`)
        .waitFor();
      await page.getByLabel('证书文件', { exact: true }).check();

      await page.getByLabel('证书文件口令').fill(p12Password);
      await page.getByRole('button', { name: '使用证书登录' }).click();
      await page.getByText(/您好/).waitFor();
    });

    // The same file on demo-portal's single sign-on page: the business system gets the citizen, signed in by certificate.
    const { url, tokens } = await portalSignIn();
    await scenario(await browser.context(), 'sso-certificate-p12', async (page) => {
      page.on('request', (request) => {
        if (request.method() === 'POST' && (request.postData() ?? '').includes('PRIVATE')) uploads.push(request.url());
      });
      const { arrived } = await businessSystem(page, `http://127.0.0.1:${portal.port}`);
      await page.goto(url.href);
      await page.getByRole('heading', { name: '登录社保业务演示系统' }).waitFor();
      await page.getByRole('tab', { name: '证书登录' }).click();
      await page.getByLabel('证书文件（.p12/.pfx 或 PEM）').setInputFiles(path.join(dir, 'person.p12'));
      await page.getByLabel('证书文件口令').fill(p12Password);
      await page.getByRole('button', { name: '使用证书登录' }).click();
      const claims = (await tokens(await arrived)).claims();
      expect(claims).toMatchObject({ sub: citizen.id, amr: ['hwk'], acr: 'urn:tessera:acr:certificate' });
    });
    expect(uploads).toEqual([]);
  }, 180_000);

  describe('issue 15 (2b): an EKey through the reference agent', () => {
    let agent: RunningAgent | undefined;
    let serial = '';

    beforeAll(async () => {
      if (!ekeyTools) return;
      const tokens = path.join(dir, 'tokens');
      mkdirSync(tokens);
      const conf = path.join(dir, 'softhsm2.conf');
      writeFileSync(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\n`);
      const env = { ...process.env, SOFTHSM2_CONF: conf };
      const run = (command: string, args: string[]) => execFileSync(command, args, { cwd: dir, env, stdio: 'pipe' });
      run('softhsm2-util', ['--init-token', '--free', '--label', 'unit-ekey', '--so-pin', 'so-pin-2718', '--pin', pin]);
      const { der, key } = await issued('P-256', { kind: 'organization' });
      writeFileSync(path.join(dir, 'unit.p8'), key);
      writeFileSync(path.join(dir, 'unit.der'), der);
      for (const [file, type] of [
        ['unit.p8', 'privkey'],
        ['unit.der', 'cert'],
      ] as const) {
        run('pkcs11-tool', [
          ...['--module', softHsmModule, '--token-label', 'unit-ekey', '--login', '--pin', pin],
          ...['--write-object', file, '--type', type, '--id', '01', '--label', 'unit'],
        ]);
      }
      agent = await startAgent({
        SOFTHSM2_CONF: conf,
        EKEY_AGENT_PORT: String(agentPort),
        EKEY_AGENT_PKCS11_MODULE: softHsmModule,
        EKEY_AGENT_TOKEN_LABEL: 'unit-ekey',
        EKEY_AGENT_ALLOWED_ORIGINS: browser.stack.baseUrl,
      });
      const status = (await (await fetch(`${agent.url}/v1/status`)).json()) as { token: { serialNumber: string } };
      serial = status.token.serialNumber;
      await pki.ekeys.register({ serialNumber: serial, model: 'SoftHSM v2', purchasedOn: '2026-12-01' });
    });
    afterAll(() => agent?.stop());

    itWithEKey(
      'CT-3, CT-6, issue 15: on demo-portal’s single sign-on page an insured unit picks the certificate on its EKey, a wrong PIN is shown with the attempts left and counted on the platform’s EKey record, the right PIN signs it in as the unit, and demo-portal’s ID token says amr ["hwk"]',
      async () => {
        const { url, tokens } = await portalSignIn();
        const context = await browser.context();
        await scenario(context, 'sso-certificate-ekey', async (page) => {
          const { arrived } = await businessSystem(page, `http://127.0.0.1:${portal.port}`);
          await page.goto(url.href);
          await page.getByRole('heading', { name: '登录社保业务演示系统' }).waitFor();
          await page.getByRole('tab', { name: '证书登录' }).click();
          await page.getByLabel('EKey', { exact: true }).check();
          const choice = page.getByLabel('EKey 中的证书');
          await choice.waitFor();
          expect(await choice.locator('option').allTextContents()).toEqual([
            expect.stringMatching(new RegExp(`^${unit.name}（有效期至 \\d{4}-\\d{2}-\\d{2}）$`)),
          ]);
          expect(await accessibilityViolations(page)).toEqual([]);

          await page.getByLabel('EKey 口令').fill('000000');
          await page.getByRole('button', { name: '使用证书登录' }).click();
          const alert = page.locator('main [role=alert][data-code="PIN_INCORRECT"]');
          await alert.getByText('还可以再试 4 次').waitFor();
          await page.locator('#certificate-ekey-pin:focus').waitFor();
          expect((await pki.ekeys.bySerial(serial)).pinFailures).toBe(1);

          await page.getByLabel('EKey 口令').fill(pin);
          await page.getByRole('button', { name: '使用证书登录' }).click();
          expect((await tokens(await arrived)).claims()?.amr).toEqual(['hwk']);
        });
        expect((await pki.ekeys.bySerial(serial)).pinFailures).toBe(0);
        const unitAccount = await browser.stack.platform.identity.orm.em
          .fork()
          .findOneOrFail(User, { unitInsuranceNumber: unit.insuranceNumber });
        expect(unitAccount.kind).toBe('unit');
      },
      120_000,
    );
  });
});
