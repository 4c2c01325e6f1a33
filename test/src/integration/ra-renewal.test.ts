import { Certificate } from '@tessera/certificate';
import { subscriberRequest } from '../../../subgraphs/certificate/src/testing/test-pki';
import { errorCodes as codes, ok, until } from '../harness/graph-checks';
import { graphql, startTestPlatform, type TestPlatform } from '../harness/platform';
import { officerIdNumber, redeemCodes, stepApplication, submittedAtCounter } from '../harness/ra-counter';

let platform: TestPlatform;
const tokens: Record<string, string> = {};
const roles = ['ENTRY_CLERK', 'REVIEW_CLERK', 'ISSUING_CLERK', 'ADMINISTRATOR'] as const;

beforeAll(async () => {
  // Certificates are issued for 365 days: a window as long makes a fresh one renewable.
  platform = await startTestPlatform({ RA_RENEWAL_WINDOW_DAYS: '365' });
  for (const role of roles) {
    tokens[role] = await platform.token({ subject: `staff-${role.toLowerCase()}`, kind: 'staff', roles: [role] });
  }
});

afterAll(() => platform?.stop());

const as = <T = Record<string, unknown>>(who: string, query: string, variables?: Record<string, unknown>) =>
  graphql<T>(platform.gateway.url, query, { token: tokens[who], variables });
const step = (who: string, id: string, event: string) => stepApplication(as, who, id, event);

let sequence = 0;
async function unit(): Promise<string> {
  sequence += 1;
  const { registerSubscriber } = ok(
    await as<{ registerSubscriber: { id: string } }>(
      'ENTRY_CLERK',
      'mutation($input: RegisterSubscriberInput!) { registerSubscriber(input: $input) { id } }',
      {
        input: {
          kind: 'unit',
          socialInsuranceNumber: `1407${sequence}${Date.now() % 10000000}`,
          name: '长治钢铁集团',
          creditCode: '91440300MA5F0K3R4P',
          contactName: '吴十',
          contactPhone: '13800138000',
          region: '长治市',
          agency: '长治市社会保险管理中心',
        },
      },
    ),
  );
  return registerSubscriber.id;
}

/** Takes an approved issuing application through redemption and the issue step; returns its certificate. */
async function issue(id: string): Promise<string> {
  await step('ENTRY_CLERK', id, 'ENTER');
  await step('REVIEW_CLERK', id, 'APPROVE');
  const enrollment = await until(async () => {
    const { application } = ok(
      await as<{ application: { referenceCode: string | null; authorizationCode: string | null } }>(
        'ISSUING_CLERK',
        'query($id: UUID!) { application(id: $id) { referenceCode authorizationCode } }',
        { id },
      ),
    );
    return application.referenceCode && application.authorizationCode
      ? { referenceCode: application.referenceCode, authorizationCode: application.authorizationCode }
      : undefined;
  });
  const redeemed = ok(await redeemCodes(platform.gateway.url, enrollment, (await subscriberRequest()).csr));
  await step('ISSUING_CLERK', id, 'ISSUE');
  return redeemed.redeemEnrollment.certificate.id;
}

const stateOf = async (certificateId: string) =>
  ok(
    await as<{ certificate: { state: string } }>(
      'ADMINISTRATOR',
      'query($id: UUID!) { certificate(id: $id) { state } }',
      {
        id: certificateId,
      },
    ),
  ).certificate.state;

const submit = (subscriberId: string, businessType: string, certificateId: string) =>
  as<{ submitApplication: { id: string } }>(
    'ENTRY_CLERK',
    'mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id } }',
    {
      input: { subscriberId, businessType, certificateKind: 'ORGANIZATION', certificateId, idNumber: officerIdNumber },
    },
  );

describe('renewal at expiry (RA-2) and what a submission may name (RA item 16)', () => {
  it('renews a certificate within the window and supersedes the old one once the new one is delivered', async () => {
    const subscriberId = await unit();
    const old = await issue(await submittedAtCounter(as, subscriberId, { businessType: 'CHANGE' }));
    const renewal = await submittedAtCounter(as, subscriberId, { businessType: 'RENEWAL', certificateId: old });
    const renewed = await issue(renewal);
    expect(renewed).not.toBe(old);
    expect(await stateOf(old)).toBe('IN_USE');
    await step('ISSUING_CLERK', renewal, 'DELIVER');
    await until(async () => ((await stateOf(old)) === 'REVOKED' ? true : undefined));
    const superseded = await platform.certificate.orm.em.fork().findOneOrFail(Certificate, { id: old });
    expect(superseded.revocationReason).toBe('superseded');
    expect(await stateOf(renewed)).toBe('IN_USE');
  });

  it('refuses at submission a suspension of a revoked certificate, and a renewal of one', async () => {
    const subscriberId = await unit();
    const certificateId = await issue(await submittedAtCounter(as, subscriberId, { businessType: 'CHANGE' }));
    ok(
      await as('ADMINISTRATOR', 'mutation($id: UUID!) { revokeCertificate(id: $id, reason: KEY_COMPROMISE) { id } }', {
        id: certificateId,
      }),
    );
    expect(codes(await submit(subscriberId, 'SUSPENSION', certificateId))).toEqual(['CERTIFICATE_ALREADY_REVOKED']);
    expect(codes(await submit(subscriberId, 'RENEWAL', certificateId))).toEqual(['CERTIFICATE_ALREADY_REVOKED']);
    expect(codes(await submit(subscriberId, 'RELEASE', certificateId))).toEqual(['CERTIFICATE_ALREADY_REVOKED']);
  });
});
