import { readFile } from 'node:fs/promises';
import { X509Certificate } from '@peculiar/x509';
import { demoCitizen, demoPassword } from '@tessera/identity';
import { pdfFile } from '../../../subgraphs/ra/src/testing/document-files';
import { graphql } from '../harness/platform';
import { adminSignIn, certificateRequest, openSection } from './admin-client';
import { describeInBrowser, horizontalOverflow, phone, scenario } from './browser';
import { browserSession, captchaAnswer } from './browser-stack';

const pdf = pdfFile('application form');
const subscriberName = '张三（浏览器测试）';
const dualClerk = { username: 'counter_clerk', displayName: '柜台 李录入', password: 'Tessera-Counter-2026!' };

/** Polls a condition of the page until it holds (playwright-core has no web-first assertions). */
async function until(condition: () => Promise<boolean>, timeout = 15_000): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`condition not met within ${timeout} ms: ${condition}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describeInBrowser(
  'admin client: a new issuance from online submission to a certificate in use (RA-1, RA-10, RA-11, RA-12, CT-2)',
  () => {
    const session = browserSession();
    const { clerk } = session;
    let applicationId: string;

    const gateway = () => session.stack.platform.gateway.url;
    async function ok<T>(query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
      const response = await graphql<T>(gateway(), query, { variables, token });
      expect(response.body.errors).toBeUndefined();
      return response.body.data as T;
    }

    it('a citizen submits online (graph API), the agency approves, a second clerk reviews, the issuing clerk issues, and the public status query finds it in use; the entry clerk is refused the review (four eyes)', async () => {
      // The citizen signs in and applies online through the graph, as the web client does.
      const { issueCaptcha } = await ok<{ issueCaptcha: { id: string } }>('mutation { issueCaptcha { id } }', {});
      const { signIn } = await ok<{ signIn: { accessToken: string } }>(
        'mutation($input: SignInInput!) { signIn(input: $input) { accessToken } }',
        {
          input: { username: demoCitizen.username, password: demoPassword, captchaId: issueCaptcha.id, captchaAnswer },
        },
      );
      const citizen = signIn.accessToken;
      const { me } = await ok<{ me: { id: string } }>('{ me { id } }', {}, citizen);
      const { registerSubscriber } = await ok<{ registerSubscriber: { id: string } }>(
        'mutation($input: RegisterSubscriberInput!) { registerSubscriber(input: $input) { id } }',
        {
          input: {
            kind: 'person',
            socialInsuranceNumber: '440300900001',
            name: subscriberName,
            contactName: '张三',
            contactPhone: '13800138000',
            region: '深圳市',
            agency: '深圳市社会保险基金管理局',
            userId: me.id,
          },
        },
        citizen,
      );
      const { submitApplication } = await ok<{ submitApplication: { id: string; state: string } }>(
        'mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id state } }',
        {
          input: {
            subscriberId: registerSubscriber.id,
            businessType: 'NEW',
            certificateKind: 'PERSONAL',
            idNumber: '440303198503121239',
          },
        },
        citizen,
      );
      expect(submitApplication.state).toBe('SUBMITTED');
      applicationId = submitApplication.id;
      const administrator = await session.stack.platform.token({
        subject: 'browser-admin',
        kind: 'staff',
        roles: ['ADMINISTRATOR'],
      });
      await ok(
        'mutation { setFee(businessType: NEW, certificateKind: PERSONAL, amountFen: 12000) { amountFen } }',
        {},
        administrator,
      );

      // RA-1: the supervising agency approves the new issuance.
      await clerk('admin-agency', async (page) => {
        await adminSignIn(page, 'agency_approver');
        await openSection(page, '经办审批');
        await page.getByRole('link', { name: `打开 ${subscriberName} 的申请` }).click();
        await page.getByRole('button', { name: '经办机构审批通过' }).click();
        await page.locator('[data-state=AGENCY_APPROVED]').waitFor();
      });

      // ID-18: an administrator creates a counter clerk who both enters and reviews (four eyes must stop them).
      let credentials = { password: '', totpSecret: '' };
      await clerk('admin-create-clerk', async (page) => {
        await adminSignIn(page, 'administrator');
        await openSection(page, '用户管理');
        await page.getByLabel('用户名').last().fill(dualClerk.username);
        await page.getByLabel('显示名称').fill(dualClerk.displayName);
        await page.getByLabel('录入员', { exact: true }).check();
        await page.getByLabel('审核员', { exact: true }).check();
        await page.getByRole('button', { name: '创建账号' }).click();
        credentials = {
          password: (await page.getByTestId('initial-password').textContent()) ?? '',
          totpSecret: (await page.getByTestId('totp-secret').textContent()) ?? '',
        };
      });

      // RA-10, RA-12: the counter clerk checks the documents, takes the fee and enters; then is refused the review.
      await clerk('admin-entry', async (page) => {
        await adminSignIn(page, dualClerk.username, credentials);
        await page.getByRole('heading', { name: '设置新密码' }).waitFor();
        await page.getByLabel('新密码', { exact: true }).fill(dualClerk.password);
        await page.getByLabel('确认新密码').fill(dualClerk.password);
        await page.getByRole('button', { name: '设置密码并登录' }).click();
        await page.getByRole('heading', { name: '工作台' }).waitFor();
        await openSection(page, '录入');
        await page.getByRole('link', { name: `打开 ${subscriberName} 的申请` }).click();
        await page.getByRole('heading', { name: '申请资料清单' }).waitFor();
        // Issue 17 item 7: with the paper in hand, the upload checks the copy in the same act.
        for (const name of ['证书申请表', '申请人身份证复印件']) {
          await page
            .getByLabel(`上传并核对「${name}」`)
            .setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: pdf });
          const row = page.getByRole('row').filter({ hasText: name });
          await row.locator('td[data-label="已核对"]').getByText('是', { exact: true }).waitFor();
        }
        const [scan] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: '查看「证书申请表」' }).click(),
        ]);
        expect(scan.suggestedFilename()).toMatch(/application_form\.pdf$/);
        expect(Buffer.compare(await readFile(await scan.path()), pdf)).toBe(0);
        await page.getByRole('button', { name: '登记收费', exact: true }).click();
        await page
          .getByTestId('fee-paid')
          .filter({ hasText: /120\.00/ })
          .waitFor();
        await page.getByRole('button', { name: '录入', exact: true }).click();
        await page.locator('[data-state=ENTERED]').waitFor();
        await page.getByTestId('entered-by').getByText(dualClerk.displayName).waitFor();
        await page.getByText('您是此申请的录入人').waitFor();
        await page.getByRole('button', { name: '审核通过' }).click();
        const refusal = page.locator('[role=alert][data-code=FOUR_EYES_REQUIRED]');
        await refusal.waitFor();
        expect(await refusal.textContent()).toMatch(/\S/);
        expect(await page.locator('[data-state]').getAttribute('data-state')).toBe('ENTERED');
      });

      // RA-11: a second clerk reviews; the queue shows who entered it.
      await clerk('admin-review', async (page) => {
        await adminSignIn(page, 'review_clerk');
        await openSection(page, '审核');
        const row = page.getByRole('row').filter({ hasText: subscriberName });
        await row.getByText(dualClerk.displayName).waitFor();
        await row.getByRole('link', { name: `打开 ${subscriberName} 的申请` }).click();
        await page.getByTestId('entered-by').getByText(dualClerk.displayName).waitFor();
        await page.getByRole('button', { name: '审核通过' }).click();
        await page.locator('[data-state=APPROVED]').waitFor();
      });

      // RA-11: the issuing clerk redeems the codes with the subscriber's CSR and downloads the certificate.
      const csr = await certificateRequest('张三');
      let pem = '';
      await clerk('admin-issuing', async (page) => {
        await adminSignIn(page, 'issuing_clerk');
        await openSection(page, '制证');
        await page.getByRole('link', { name: `打开 ${subscriberName} 的申请` }).click();
        await page.getByTestId('reference-code').waitFor({ timeout: 30_000 });
        expect(await page.getByTestId('authorization-code').textContent()).toMatch(/\S{6,}/);
        await page.getByLabel('证书请求文件（PKCS#10）').setInputFiles({
          name: 'zhangsan.csr',
          mimeType: 'application/pkcs10',
          buffer: Buffer.from(csr),
        });
        await until(async () =>
          (await page.getByLabel('证书请求（PEM）').inputValue()).includes('BEGIN CERTIFICATE REQUEST'),
        );
        await page.getByRole('button', { name: '签发证书' }).click();
        await page.getByText(/证书已签发/).waitFor();
        // CT-1: a person holds a signing/encryption pair; the encryption key comes enveloped, and the
        // clerk saves the envelope before recording the step.
        const delivery = page.getByTestId('encryption-delivery');
        await delivery.waitFor();
        const [envelope] = await Promise.all([
          page.waitForEvent('download'),
          delivery.getByRole('button', { name: '下载数字信封' }).click(),
        ]);
        expect(await readFile(await envelope.path(), 'utf8')).toMatch(/^-----BEGIN CMS-----/);
        // Issue 17 item 7: recording the step saves the envelope again, in the same act.
        const [again] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: '下载数字信封并登记制证' }).click(),
        ]);
        expect(await readFile(await again.path(), 'utf8')).toMatch(/^-----BEGIN CMS-----/);
        await page.locator('[data-state=ISSUED]').waitFor();
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: '下载 PEM' }).first().click(),
        ]);
        pem = await readFile(await download.path(), 'utf8');
      });
      const certificate = new X509Certificate(pem);
      expect(certificate.subject).toContain(subscriberName);

      // CT-2: anyone's status query finds the pair in use: the signing certificate and, CT-1, the encryption one.
      const { certificateStatus } = await ok<{
        certificateStatus: { certificates: { serialNumber: string; state: string; usage: string }[] };
      }>(
        'query($subject: String!) { certificateStatus(subject: $subject) { certificates { serialNumber state usage } } }',
        { subject: subscriberName },
      );
      const serial = (hex: string) => hex.toLowerCase().replace(/^0+/, '');
      const found = certificateStatus.certificates.map((c) => [serial(c.serialNumber), c.usage, c.state]);
      expect(found).toContainEqual([serial(certificate.serialNumber), 'SIGNING', 'IN_USE']);
      expect(found.map(([, usage, state]) => [usage, state]).sort()).toEqual([
        ['ENCRYPTION', 'IN_USE'],
        ['SIGNING', 'IN_USE'],
      ]);
    });

    it('fits a 360 px wide phone screen without sideways scrolling on the main pages', async () => {
      const context = await session.withToken(
        [
          'ENTRY_CLERK',
          'REVIEW_CLERK',
          'ISSUING_CLERK',
          'ARCHIVE_CLERK',
          'AGENCY_APPROVER',
          'SERVICE_AGENT',
          'ADMINISTRATOR',
          'AUDITOR',
        ],
        phone,
      );
      await scenario(context, 'admin-phone', async (page) => {
        const paths = [
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
          '/service/consultations',
          '/service/summary',
          '/service/phone',
          '/service/on-site',
          '/service/complaints',
          '/service/surveys',
          '/users',
          '/systems',
          '/sms',
          `/applications/${applicationId}`,
        ];
        for (const path of paths) {
          await page.goto(`/admin${path}`);
          await page.locator('h1').waitFor();
          await page.waitForLoadState('networkidle');
          expect({ path, overflow: await horizontalOverflow(page) }).toEqual({ path, overflow: 0 });
        }
      });
    });
  },
);
