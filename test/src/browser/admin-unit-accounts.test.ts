import { webcrypto } from 'node:crypto';
import type { CertificateServices } from '@tessera/certificate';
import { subscriberRequest } from '../../../subgraphs/certificate/src/testing/test-pki';
import { graphql } from '../harness/platform';
import { openSection } from './admin-client';
import { describeInBrowser, scenario } from './browser';
import { browserSession } from './browser-stack';

const unit = { insuranceNumber: '440300778899', creditCode: '91440300MA5G00001X', name: '深圳市页面测试有限公司' };

describeInBrowser('admin client: unit accounts (issue 15)', () => {
  const session = browserSession();

  /** The unit signs in with an organization certificate through the gateway, which makes its account. */
  async function unitSignsIn(): Promise<{ code?: string }> {
    const { platform } = session.stack;
    const { csr, keys } = await subscriberRequest('CN=Ignored', 'P-256');
    const { pki } = platform.certificate.services as CertificateServices;
    const certificate = await pki.issuer.issue({
      kind: 'organization',
      usage: 'signing',
      subject: `CN=${unit.name},O=${unit.name},C=CN`,
      csr,
      identity: { insuranceNumber: unit.insuranceNumber, creditCode: unit.creditCode },
    });
    const { body: issued } = await graphql<{ issueCertificateChallenge: { id: string; challenge: string } }>(
      platform.gateway.url,
      'mutation { issueCertificateChallenge { id challenge } }',
    );
    const challenge = issued.data?.issueCertificateChallenge as { id: string; challenge: string };
    const signature = await webcrypto.subtle.sign(
      { name: 'ECDSA', hash: 'SHA-256' },
      keys.privateKey,
      Buffer.from(challenge.challenge, 'base64'),
    );
    const { body } = await graphql(
      platform.gateway.url,
      'mutation ($input: CertificateSignInInput!) { signInWithCertificate(input: $input) { status } }',
      {
        variables: {
          input: {
            challengeId: challenge.id,
            certificate: (certificate.der as Buffer).toString('base64'),
            signature: Buffer.from(signature).toString('base64'),
          },
        },
      },
    );
    return { code: body.errors?.[0]?.extensions?.code as string | undefined };
  }

  it('ID-18, issue 15: an administrator finds the unit by its social-insurance number and disables it; it can no longer sign in', async () => {
    expect((await unitSignsIn()).code).toBeUndefined();
    const context = await session.withToken(['ADMINISTRATOR']);
    await scenario(context, 'admin-unit-accounts', async (page) => {
      await page.goto('/admin/');
      await openSection(page, '单位账户');
      await page.getByLabel('单位名称、社保编号或统一社会信用代码').fill(unit.insuranceNumber);
      await page.getByRole('button', { name: '查询', exact: true }).click();
      const row = page.getByRole('row', { name: new RegExp(unit.name) });
      await row.getByRole('cell', { name: unit.creditCode }).waitFor();
      await row.getByRole('button', { name: `停用 ${unit.name}` }).click();
      await page.getByText('单位账户已停用，其会话已结束').waitFor();
      await row.getByRole('cell', { name: '已停用' }).waitFor();
    });
    expect((await unitSignsIn()).code).toBe('UNIT_ACCOUNT_DISABLED');
  });
});
