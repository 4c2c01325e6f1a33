import type { StaffRole } from '@tessera/kit';
import { subscriberRequest } from '../../../subgraphs/certificate/src/testing/test-pki';
import { until } from '../harness/graph-checks';
import { graphql } from '../harness/platform';
import { openSection } from './admin-client';
import { describeInBrowser, phone, scenario } from './browser';
import { browserSession } from './browser-stack';

const unitName = '忻州挂起测试有限公司';

describeInBrowser('admin client: a call the certificate authority refused for good (RA item 12)', () => {
  const session = browserSession();
  let suspensionId: string;
  const staffTokens: Partial<Record<StaffRole, string>> = {};

  async function ok<T>(role: StaffRole, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    staffTokens[role] ??= await session.stack.platform.token({
      subject: `browser-${role.toLowerCase()}`,
      kind: 'staff',
      roles: [role],
    });
    const response = await graphql<T>(session.stack.platform.gateway.url, query, {
      variables,
      token: staffTokens[role],
    });
    expect(response.body.errors).toBeUndefined();
    return response.body.data as T;
  }

  /** A unit's counter application with its documents checked, taken through `steps`. */
  async function application(
    subscriberId: string,
    input: Record<string, unknown>,
    steps: [StaffRole, string, Record<string, unknown>?][],
  ) {
    const { submitApplication } = await ok<{
      submitApplication: { id: string; documents: { documentType: string }[] };
    }>(
      'ENTRY_CLERK',
      'mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id documents { documentType } } }',
      { input: { subscriberId, certificateKind: 'ORGANIZATION', idNumber: '440303198503121239', ...input } },
    );
    const id = submitApplication.id;
    for (const { documentType } of submitApplication.documents) {
      await ok('ENTRY_CLERK', 'mutation($input: DocumentInput!) { checkDocument(input: $input) { checked } }', {
        input: { applicationId: id, documentType },
      });
    }
    for (const [role, event, extra] of steps) {
      const { application: current } = await ok<{ application: { version: number } }>(
        'ADMINISTRATOR',
        'query($id: UUID!) { application(id: $id) { version } }',
        { id },
      );
      await ok(role, 'mutation($input: ApplicationStepInput!) { stepApplication(input: $input) { state } }', {
        input: { applicationId: id, event, expectedVersion: current.version, ...extra },
      });
    }
    return id;
  }

  beforeAll(async () => {
    // Over the graph: a change of information issued a certificate; a suspension of it is approved; an administrator
    // revokes the certificate at the CA meanwhile; the issuing clerk then executes the suspension.
    const { registerSubscriber } = await ok<{ registerSubscriber: { id: string } }>(
      'ENTRY_CLERK',
      'mutation($input: RegisterSubscriberInput!) { registerSubscriber(input: $input) { id } }',
      {
        input: {
          kind: 'unit',
          socialInsuranceNumber: '140900900001',
          name: unitName,
          creditCode: '91440300MA5F0K3R4P',
          contactName: '周九',
          contactPhone: '13800138000',
          region: '忻州市',
          agency: '忻州市社会保险管理中心',
        },
      },
    );
    const change = await application(registerSubscriber.id, { businessType: 'CHANGE' }, [
      ['ENTRY_CLERK', 'ENTER'],
      ['REVIEW_CLERK', 'APPROVE'],
    ]);
    const codes = await until(async () => {
      const { application: a } = await ok<{
        application: { referenceCode: string | null; authorizationCode: string | null };
      }>('ISSUING_CLERK', 'query($id: UUID!) { application(id: $id) { referenceCode authorizationCode } }', {
        id: change,
      });
      return a.referenceCode && a.authorizationCode ? a : undefined;
    });
    const { csr } = await subscriberRequest();
    const { redeemEnrollment } = await ok<{ redeemEnrollment: { certificate: { id: string } } }>(
      'ISSUING_CLERK',
      'mutation($r: String!, $a: String!, $csr: String!) { redeemEnrollment(referenceCode: $r, authorizationCode: $a, csr: $csr) { certificate { id } } }',
      {
        r: codes.referenceCode,
        a: codes.authorizationCode,
        csr: `-----BEGIN CERTIFICATE REQUEST-----\n${csr.toString('base64')}\n-----END CERTIFICATE REQUEST-----`,
      },
    );
    const certificateId = redeemEnrollment.certificate.id;
    suspensionId = await application(registerSubscriber.id, { businessType: 'SUSPENSION', certificateId }, [
      ['ENTRY_CLERK', 'ENTER'],
      ['REVIEW_CLERK', 'APPROVE'],
    ]);
    await ok('ADMINISTRATOR', 'mutation($id: UUID!) { revokeCertificate(id: $id, reason: KEY_COMPROMISE) { id } }', {
      id: certificateId,
    });
    const { application: current } = await ok<{ application: { version: number } }>(
      'ADMINISTRATOR',
      'query($id: UUID!) { application(id: $id) { version } }',
      { id: suspensionId },
    );
    await ok('ISSUING_CLERK', 'mutation($input: ApplicationStepInput!) { stepApplication(input: $input) { state } }', {
      input: { applicationId: suspensionId, event: 'EXECUTE', expectedVersion: current.version },
    });
  });

  it('a clerk sees why the suspension is stuck; an administrator finds it failed under "CA 调用" and settles it with a reason', async () => {
    const clerk = await session.withToken(['REVIEW_CLERK'], phone);
    await scenario(clerk, 'admin-outbox-clerk', async (page) => {
      await page.goto(`/admin/applications/${suspensionId}`);
      const notice = page.locator('[data-testid=ca-call][data-state=FAILED]');
      await notice.waitFor({ timeout: 20_000 });
      expect(await notice.textContent()).toContain('CERTIFICATE_ALREADY_REVOKED');
      expect(await notice.textContent()).toContain('挂起证书');
    });

    const administrator = await session.withToken(['ADMINISTRATOR']);
    await scenario(administrator, 'admin-outbox-settle', async (page) => {
      await page.goto('/admin/');
      await openSection(page, 'CA 调用');
      await page.getByRole('heading', { name: 'CA 调用', level: 1 }).waitFor();
      const row = page.getByRole('row').filter({ hasText: unitName });
      await row.locator('[data-state=FAILED]').waitFor();
      await row.getByText('CERTIFICATE_ALREADY_REVOKED').waitFor();
      await row.getByRole('button', { name: '处理' }).click();
      await page.getByRole('button', { name: '确认处理' }).click();
      await page.locator('[role=alert][data-code=SETTLEMENT_REASON_REQUIRED]').waitFor();
      await page.getByLabel('处理说明').fill('证书已于挂起前吊销，挂起无需再办理');
      await page.getByRole('button', { name: '确认处理' }).click();
      await page.getByText('调用已处理，说明已记入操作日志').waitFor();
      await row.waitFor({ state: 'detached' });

      await page.goto(`/admin/applications/${suspensionId}`);
      const settled = page.locator('[data-testid=ca-call][data-state=SETTLED]');
      await settled.waitFor();
      expect(await settled.textContent()).toContain('证书已于挂起前吊销，挂起无需再办理');
    });
    const { operationLog } = await ok<{ operationLog: { operation: string; detail: string | null }[] }>(
      'AUDITOR',
      'query($id: UUID!) { operationLog(applicationId: $id, first: 1) { operation detail } }',
      { id: suspensionId },
    );
    expect(operationLog).toEqual([
      { operation: 'settle_ca_call', detail: 'suspend_certificate: 证书已于挂起前吊销，挂起无需再办理' },
    ]);
  });
});
