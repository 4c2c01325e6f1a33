import { readFile } from 'node:fs/promises';
import type { StaffRole } from '@tessera/kit';
import { CertificateApplication } from '@tessera/ra';
import type { Page } from 'playwright-core';
import { pdfText } from '../../../subgraphs/ra/src/testing/pdf-text';
import { seedCitizenWithCertificate } from '../harness/fixtures';
import { graphql } from '../harness/platform';
import { adminSignIn, openSection } from './admin-client';
import { describeInBrowser, horizontalOverflow, phone, scenario } from './browser';
import { browserSession } from './browser-stack';

const unitName = '晋中档案测试有限公司';

describeInBrowser(
  'admin client: paper archives, completion records and system-opened reviews, printed as PDF (RA-5, RA-13, RA-16)',
  () => {
    const session = browserSession();
    let applicationId: string;

    async function ok<T>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
      const response = await graphql<T>(session.stack.platform.gateway.url, query, { variables, token });
      expect(response.body.errors).toBeUndefined();
      return response.body.data as T;
    }

    beforeAll(async () => {
      // A revocation taken through the counter to `executed` over the graph: the archive clerk takes it on.
      const staff = async (role: StaffRole) =>
        session.stack.platform.token({ subject: `browser-${role.toLowerCase()}`, kind: 'staff', roles: [role] });
      const [entry, review, issuing] = await Promise.all([
        staff('ENTRY_CLERK'),
        staff('REVIEW_CLERK'),
        staff('ISSUING_CLERK'),
      ]);
      const { registerSubscriber } = await ok<{ registerSubscriber: { id: string } }>(
        entry,
        'mutation($input: RegisterSubscriberInput!) { registerSubscriber(input: $input) { id } }',
        {
          input: {
            kind: 'unit',
            socialInsuranceNumber: '140700900001',
            name: unitName,
            creditCode: '91440300MA5F0K3R4P',
            contactName: '赵六',
            contactPhone: '13800138000',
            region: '晋中市',
            agency: '晋中市社会保险管理中心',
          },
        },
      );
      const { submitApplication } = await ok<{ submitApplication: { id: string } }>(
        entry,
        'mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id } }',
        {
          input: {
            subscriberId: registerSubscriber.id,
            idNumber: '440303198503121239',
            businessType: 'REVOCATION',
            certificateKind: 'ORGANIZATION',
            certificateId: (
              await seedCitizenWithCertificate(session.stack.platform, 'archive-holder', { issued: true })
            ).certificate.id,
          },
        },
      );
      applicationId = submitApplication.id;
      const { application } = await ok<{ application: { documents: { documentType: string }[] } }>(
        entry,
        'query($id: UUID!) { application(id: $id) { documents { documentType } } }',
        { id: applicationId },
      );
      for (const { documentType } of application.documents) {
        await ok(entry, 'mutation($input: DocumentInput!) { checkDocument(input: $input) { checked } }', {
          input: { applicationId, documentType },
        });
      }
      for (const [token, event] of [
        [entry, 'ENTER'],
        [review, 'APPROVE'],
        [issuing, 'EXECUTE'],
      ] as const) {
        const { application: current } = await ok<{ application: { version: number } }>(
          entry,
          'query($id: UUID!) { application(id: $id) { version } }',
          { id: applicationId },
        );
        await ok(token, 'mutation($input: ApplicationStepInput!) { stepApplication(input: $input) { state } }', {
          input: { applicationId, event, expectedVersion: current.version },
        });
      }
    });

    it('the archive clerk boxes and completes a file, finds its box, opens the box in shelf order and its label; the completion record lists it', async () => {
      const context = await session.context();
      await scenario(context, 'admin-archive', async (page: Page) => {
        await adminSignIn(page, 'archive_clerk');
        await openSection(page, '归档');
        await page.getByRole('link', { name: `打开 ${unitName} 的申请` }).click();
        await page.getByRole('button', { name: '归档', exact: true }).click();
        await page.locator('[data-state=ARCHIVED]').waitFor();
        await page.getByRole('button', { name: '完成任务' }).click();
        await page.locator('[data-state=COMPLETED]').waitFor();
        // Issue 17 item 8: the completed task's record, printed as a PDF the server made.
        const [recordPdf] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: '打印任务完成记录单（PDF）' }).click(),
        ]);
        expect(recordPdf.suggestedFilename()).toBe(`任务完成记录单-${applicationId}.pdf`);
        const recordText = await pdfText(await readFile(await recordPdf.path()));
        expect(recordText).toContain(unitName);
        expect(recordText).toContain('140700900001');

        await openSection(page, '归档');
        await page.getByLabel('申请编号').fill(applicationId);
        await page.getByRole('button', { name: '查询' }).click();
        await page.getByTestId('found-file').getByText('在 变更等-0001 (柜 1)，盒内第 1 份。').waitFor();

        const cabinet = page.getByRole('region', { name: '变更等 第 1 柜' });
        await cabinet.getByText('1 / 150 份').waitFor();
        await cabinet.getByRole('link', { name: '变更等-0001 (柜 1)' }).click();
        await page.getByRole('heading', { name: '档案盒 变更等-0001 (柜 1)' }).waitFor();
        const row = page.getByRole('row').filter({ hasText: unitName });
        await row.getByText('140700900001').waitFor();
        await row.getByText('证书吊销').waitFor();

        await page.getByRole('link', { name: '盒标签' }).click();
        const label = page.getByTestId('box-label');
        await label.getByText('变更等-0001 (柜 1)').waitFor();
        expect(await label.textContent()).toContain('140700900001 – 140700900001');
        await page.getByRole('button', { name: '打印' }).waitFor();
        const [labelPdf] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: '下载盒标签（PDF）' }).click(),
        ]);
        expect(await pdfText(await readFile(await labelPdf.path()))).toContain('变更等-0001 (柜 1)');
        // Issue 17 item 6: the label on screen is in the chosen language (the printed PDF stays the bureau's).
        await page.getByLabel('语言').selectOption('en');
        await label.getByText('Other business 0001 (cabinet 1)').waitFor();
        await page.getByLabel('Language').selectOption('zh-CN');
        await label.getByText('变更等-0001 (柜 1)').waitFor();

        await openSection(page, '任务完成记录');
        const record = page.getByRole('row').filter({ hasText: unitName });
        await record.getByText('变更等-0001 (柜 1)').waitFor();
        await page.getByRole('button', { name: '只看我经办的' }).click();
        await page.getByTestId('clerk-filter').waitFor();
        await record.waitFor();
        await page.getByLabel('业务类型').selectOption('NEW');
        await page.getByRole('button', { name: '查询' }).click();
        await page.getByText('暂无数据').waitFor();
      });
    });

    it('shows a revocation review the RA opened itself as system-opened, with no checklist or fee; the archive pages fit a phone', async () => {
      // What the suspension-review job writes (RA-5): a revocation at `entered`, by `system`, naming the application it reviews.
      const em = session.stack.platform.ra.orm.em.fork();
      const source = await em.findOneOrFail(
        CertificateApplication,
        { id: applicationId },
        { populate: ['subscriber'] },
      );
      const review = em.create(CertificateApplication, {
        businessType: 'revocation',
        certificateKind: 'organization',
        state: 'entered',
        subscriber: source.subscriber,
        certificateId: source.certificateId,
        reviewOf: source.id,
        submittedBy: 'system',
        enteredBy: 'system',
      });
      await em.flush();

      const context = await session.withToken(['REVIEW_CLERK', 'ARCHIVE_CLERK'], phone);
      await scenario(context, 'admin-system-review', async (page) => {
        await page.goto('/admin/review');
        const row = page.getByRole('row').filter({ has: page.getByTestId('system-opened') });
        await row.getByText(unitName).waitFor();
        await row.getByRole('link', { name: `打开 ${unitName} 的申请` }).click();
        await page.getByTestId('review-of').waitFor();
        await page.getByRole('link', { name: '查看所依据的挂起申请' }).waitFor();
        expect(await page.getByRole('heading', { name: '申请资料清单' }).count()).toBe(0);
        expect(await page.getByRole('heading', { name: '费用' }).count()).toBe(0);
        expect(await horizontalOverflow(page)).toBe(0);
        expect(page.url()).toContain(review.id);

        for (const path of ['/archive', '/completed']) {
          await page.goto(`/admin${path}`);
          await page.locator('h1').waitFor();
          await page.waitForLoadState('networkidle');
          expect({ path, overflow: await horizontalOverflow(page) }).toEqual({ path, overflow: 0 });
        }
        await page
          .getByRole('link', { name: '变更等-0001 (柜 1)' })
          .waitFor({ state: 'detached' })
          .catch(() => {});
      });
    });
  },
);
