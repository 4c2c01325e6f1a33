import { graphql } from '../harness/platform';
import { interactionUid, registerSystem, signInAt, UserAgent } from '../harness/sso';
import { adminSignIn, openSection } from './admin-client';
import { describeInBrowser, scenario } from './browser';
import { browserSession } from './browser-stack';

interface Logout {
  id: string;
  state: string;
  attempts: number;
  lastError: string | null;
}

const system = {
  code: 'browser-unreachable',
  name: '无法送达的演示系统',
  secret: 'browser-unreachable-secret-0123456789',
  redirectUri: 'http://127.0.0.1:9/callback',
};

describeInBrowser('admin client: sign-out notices to business systems and the tokens issued (issue 12)', () => {
  const session = browserSession();

  it('an administrator sees an undelivered sign-out notice with its error, retries it, and sees the tokens the system received', async () => {
    const { platform } = session.stack;
    const issuer = new URL(platform.gateway.url).origin;
    await registerSystem(platform, {
      code: system.code,
      name: system.name,
      secret: system.secret,
      redirectUris: [system.redirectUri],
      backchannelLogoutUri: 'http://127.0.0.1:9/x',
    });

    // The demo citizen signs in to the system through the provider (code + PKCE), as a browser would.
    const oidc = await import('openid-client');
    const config = await oidc.discovery(
      new URL(issuer),
      system.code,
      system.secret,
      oidc.ClientSecretBasic(system.secret),
      {
        execute: [oidc.allowInsecureRequests],
      },
    );
    const verifier = oidc.randomPKCECodeVerifier();
    const agent = new UserAgent(issuer);
    const authorization = oidc.buildAuthorizationUrl(config, {
      redirect_uri: system.redirectUri,
      scope: 'openid profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const interaction = await agent.follow(authorization, { headers: { accept: 'text/html' } });
    const landed = await signInAt(agent, platform, interactionUid(interaction.url));
    const tokens = await oidc.authorizationCodeGrant(config, landed.url, { pkceCodeVerifier: verifier });
    const citizenId = String(tokens.claims()?.sub);

    // An administrator ends the citizen's sessions: the system is owed a logout it cannot receive.
    await platform.identity.services.sessions.revokeAll(citizenId, 'ended by administrator');
    const auditor = await platform.token({ subject: 'browser-auditor', kind: 'staff', roles: ['AUDITOR'] });
    const outbox = async () =>
      (
        await graphql<{ backchannelLogouts: Logout[] }>(
          platform.gateway.url,
          `{ backchannelLogouts(systemCode: "${system.code}") { id state attempts lastError } }`,
          { token: auditor },
        )
      ).body.data?.backchannelLogouts ?? [];
    let failed: Logout | undefined;
    for (const deadline = Date.now() + 10_000; !failed?.lastError && Date.now() < deadline; ) {
      [failed] = await outbox();
      if (!failed?.lastError) await new Promise((r) => setTimeout(r, 200));
    }
    expect(failed).toMatchObject({ state: 'PENDING', lastError: expect.any(String) });

    const context = await session.context();
    await scenario(context, 'admin-sign-out-notices', async (page) => {
      await adminSignIn(page, 'administrator');
      await openSection(page, '退出通知');
      await page.getByRole('heading', { name: '单点登录退出通知' }).waitFor();
      const row = page.getByRole('row').filter({ hasText: system.name });
      await row.getByText('管理员结束了用户的会话').waitFor();
      await row.getByText('重试中').waitFor();
      await row.getByText(failed?.lastError as string).waitFor();

      await page.getByLabel('显示').selectOption({ label: '已送达' });
      await page.getByText('没有符合条件的退出通知。').waitFor();
      await page.getByLabel('显示').selectOption({ label: '重试中' });
      await row.getByRole('button', { name: '重试' }).click();
      await page.getByText('已安排立即重试。').waitFor();

      await openSection(page, '应用系统');
      await page.getByRole('button', { name: `修改 ${system.code}` }).click();
      const issued = page.getByRole('region', { name: '签发的令牌' });
      const response = issued.getByRole('row').filter({ hasText: '授权码（用户登录）' });
      await response.waitFor();
      await response.getByText('访问令牌、身份令牌').waitFor();
      await response.getByText(/\bopenid\b/).waitFor();
      await response.getByText(`${citizenId.slice(0, 8)}…`).waitFor();
    });

    // Auditors see the notices but may not retry them.
    await scenario(await session.withToken(['AUDITOR']), 'admin-sign-out-notices-auditor', async (page) => {
      await page.goto('/admin/');
      await openSection(page, '退出通知');
      const row = page.getByRole('row').filter({ hasText: system.name });
      await row.getByText('管理员结束了用户的会话').waitFor();
      expect(await page.getByRole('button', { name: '重试' }).count()).toBe(0);
    });

    // The retry went through the graph as the demo administrator, and is in the management record.
    const retries = await platform.identity.orm.em
      .fork()
      .getConnection()
      .execute<{ detail: string }[]>(
        `select a."detail" from "identity"."admin_action" a join "identity"."user" u on u."id"::text = a."actor_id"
         where a."action" = 'retry_backchannel_logout' and u."username" = 'administrator'`,
      );
    expect(retries).toEqual([{ detail: system.code }]);
  });
});
