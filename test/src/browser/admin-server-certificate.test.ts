import type { Page } from 'playwright-core';
import { seedCitizenWithCertificate } from '../harness/fixtures';
import { graphql } from '../harness/platform';
import { officerIdNumber } from '../harness/ra-counter';
import { adminSignIn, openSection } from './admin-client';
import { describeInBrowser } from './browser';
import { browserSession } from './browser-stack';

const unitName = '晋城市社保信息中心（浏览器测试）';

describeInBrowser(
  'admin client: the DNS names of a server certificate, its algorithm (国密 SM2 / 国际 RSA·ECC) and the reason of a revocation (CT-1, RA-4, issue 14)',
  () => {
    const session = browserSession();
    const { clerk } = session;
    /** A certificate in use, for the revocation: RA item 16 refuses one the CA does not know. */
    let inUse: string;

    beforeAll(async () => {
      const { platform } = session.stack;
      const entry = await platform.token({ subject: 'browser-entry', kind: 'staff', roles: ['ENTRY_CLERK'] });
      const registered = await graphql(
        platform.gateway.url,
        'mutation($input: RegisterSubscriberInput!) { registerSubscriber(input: $input) { id } }',
        {
          token: entry,
          variables: {
            input: {
              kind: 'unit',
              socialInsuranceNumber: '140500070001',
              name: unitName,
              creditCode: '91440300MA5F0K3R4P',
              contactName: '周九',
              contactPhone: '13800138000',
              region: '晋城市',
              agency: '晋城市社会保险管理中心',
            },
          },
        },
      );
      expect(registered.body.errors).toBeUndefined();
      inUse = (await seedCitizenWithCertificate(platform, 'browser-server-revocation', { issued: true })).certificate
        .id;
    });

    async function counterApplication(page: Page) {
      await openSection(page, '录入');
      await page.getByLabel('社保编号、信用代码或名称').fill('140500070001');
      await page.getByRole('button', { name: '查询', exact: true }).click();
      await page.getByRole('button', { name: `为 ${unitName} 办理` }).click();
      await page.getByLabel('单位经办人身份证件号码').fill(officerIdNumber);
    }

    it('the entry clerk enters the DNS names (refused when malformed) and chooses SM2, and the application shows them normalised and the choice; a revocation shows its reason', async () => {
      await clerk('admin-server-entry', async (page) => {
        await adminSignIn(page, 'entry_clerk');
        await counterApplication(page);
        await page.getByLabel('证书类型').selectOption('SERVER');
        await page.getByLabel('服务器证书的域名').fill('www.example.cn\n*.example.cn');
        await page.getByRole('button', { name: '提交申请' }).click();
        await page.locator('[role=alert][data-code=DNS_NAME_INVALID]').waitFor();
        await page.getByLabel('服务器证书的域名').fill('WWW.Example.cn\n社保.example.cn');
        // Issue 14: 国际 unless the clerk chooses 国密 SM2; the application page shows the choice.
        const algorithm = page.getByLabel('证书算法');
        expect(await algorithm.inputValue()).toBe('INTERNATIONAL');
        expect(await algorithm.locator('option').allTextContents()).toEqual(['国际 RSA·ECC', '国密 SM2']);
        await algorithm.selectOption('SM2');
        await page.getByRole('button', { name: '提交申请' }).click();
        const names = page.getByTestId('dns-names');
        await names.waitFor();
        expect(await names.locator('li').allTextContents()).toEqual(['www.example.cn', 'xn--ruqr22h.example.cn']);
        expect(await page.getByTestId('hierarchy').textContent()).toBe('国密 SM2');
        const applicationId = new URL(page.url()).pathname.split('/').pop();
        const { platform } = session.stack;
        const reviewer = await platform.token({ subject: 'browser-review', kind: 'staff', roles: ['REVIEW_CLERK'] });
        const stored = await graphql<{ application: { hierarchy: string } }>(
          platform.gateway.url,
          'query($id: UUID!) { application(id: $id) { hierarchy } }',
          { token: reviewer, variables: { id: applicationId } },
        );
        expect(stored.body.data?.application.hierarchy).toBe('SM2');

        await counterApplication(page);
        await page.getByLabel('业务类型').selectOption('REVOCATION');
        await page.getByLabel('证书 ID').fill(inUse);
        await page.getByLabel('吊销原因').selectOption('KEY_COMPROMISE');
        await page.getByRole('button', { name: '提交申请' }).click();
        await page.locator('dd', { hasText: '密钥泄露' }).waitFor();
      });
    });
  },
);
