import { graphql } from '../harness/platform';
import { openSection } from './admin-client';
import { describeInBrowser, scenario } from './browser';
import { browserSession } from './browser-stack';

interface Registered {
  code: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  consentRequired: boolean;
  accessTokenTtlSeconds: number;
  tokenEndpointAuthMethod: string;
}

describeInBrowser('admin client: business systems as single sign-on clients (ID-17, issue 12)', () => {
  const session = browserSession();

  it('an administrator registers a system with a sign-in return address, then changes its settings', async () => {
    const context = await session.withToken(['ADMINISTRATOR']);
    await scenario(context, 'admin-application-systems', async (page) => {
      await page.goto('/admin/');
      await openSection(page, '应用系统');
      const register = page.getByRole('region', { name: '登记应用系统' });
      await register.getByLabel('系统代码').fill('browser-portal');
      await register.getByLabel('名称', { exact: true }).fill('浏览器门户');
      await register.getByLabel('负责单位').fill('信息中心');
      const returnAddress = register.getByLabel('登录回调地址 1', { exact: true });
      await returnAddress.fill('http://127.0.0.1:4060/callback#done');
      await register.getByRole('button', { name: '登记', exact: true }).click();
      await register.getByRole('alert').filter({ hasText: '不含 # 片段' }).waitFor();

      await returnAddress.fill('http://127.0.0.1:4060/callback');
      await register.getByRole('button', { name: '登记', exact: true }).click();
      await page.getByTestId('client-secret').waitFor();
      expect((await page.getByTestId('client-secret').textContent())?.length).toBeGreaterThanOrEqual(43);

      await page.getByRole('button', { name: '修改 browser-portal' }).click();
      const details = page.getByRole('region', { name: '浏览器门户（browser-portal）的设置' });
      await expect(details.getByLabel('登录回调地址 1', { exact: true }).inputValue()).resolves.toBe(
        'http://127.0.0.1:4060/callback',
      );
      await details.getByRole('button', { name: '添加退出后返回地址' }).click();
      await details.getByLabel('退出后返回地址 1', { exact: true }).fill('http://127.0.0.1:4060/');
      await details.getByLabel('登录时请用户确认向本系统提供的信息').uncheck();
      await details.getByLabel('访问令牌有效期（秒）').fill('30');
      await details.getByRole('button', { name: '保存修改' }).click();
      await details.getByRole('alert').filter({ hasText: '有效期须在60至3600秒之间' }).waitFor();
      await details.getByLabel('访问令牌有效期（秒）').fill('300');
      await details.getByRole('button', { name: '保存修改' }).click();
      await details.getByText('修改已保存。').waitFor();
      await details.getByRole('cell', { name: '修改设置' }).waitFor();
      await details.getByRole('cell', { name: /退出后返回地址、.*访问令牌有效期/ }).waitFor();
    });

    const token = await session.stack.platform.token({ subject: 'browser-auditor', kind: 'staff', roles: ['AUDITOR'] });
    const { body } = await graphql<{ applicationSystems: Registered[] }>(
      session.stack.platform.gateway.url,
      '{ applicationSystems { code redirectUris postLogoutRedirectUris consentRequired accessTokenTtlSeconds tokenEndpointAuthMethod } }',
      { token },
    );
    expect(body.data?.applicationSystems.find((s) => s.code === 'browser-portal')).toEqual({
      code: 'browser-portal',
      redirectUris: ['http://127.0.0.1:4060/callback'],
      postLogoutRedirectUris: ['http://127.0.0.1:4060/'],
      consentRequired: false,
      accessTokenTtlSeconds: 300,
      tokenEndpointAuthMethod: 'CLIENT_SECRET_BASIC',
    });
  });
});
