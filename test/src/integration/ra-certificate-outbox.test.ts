import { certificate } from '@tessera/certificate';
import { createLogger, loadConfig, startSubgraph } from '@tessera/kit';
import { OutboxMessage } from '@tessera/ra';
import { Enrollment } from '../../../subgraphs/certificate/src/enrollment/enrollment.entity';
import { until } from '../harness/graph-checks';
import { graphql, startTestPlatform, type TestPlatform } from '../harness/platform';

let platform: TestPlatform;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  platform = await startTestPlatform();
  for (const role of ['ENTRY_CLERK', 'REVIEW_CLERK', 'AGENCY_APPROVER', 'ISSUING_CLERK'] as const) {
    tokens[role] = await platform.token({ subject: `staff-${role}`, kind: 'staff', roles: [role] });
  }
});

afterAll(() => platform?.stop());

async function call<T>(role: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const { body } = await graphql<T>(platform.gateway.url, query, { token: tokens[role], variables });
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data as T;
}

const step = async (role: string, id: string, event: string) => {
  const { application } = await call<{ application: { version: number } }>(
    'ENTRY_CLERK',
    'query($id: UUID!) { application(id: $id) { version } }',
    { id },
  );
  return call(role, 'mutation($input: ApplicationStepInput!) { stepApplication(input: $input) { state } }', {
    input: { applicationId: id, event, expectedVersion: application.version },
  });
};

/** A change of certificate information entered at the counter, ready for review. */
async function enteredChange(): Promise<string> {
  const { registerSubscriber } = await call<{ registerSubscriber: { id: string } }>(
    'ENTRY_CLERK',
    'mutation($input: RegisterSubscriberInput!) { registerSubscriber(input: $input) { id } }',
    {
      input: {
        kind: 'unit',
        socialInsuranceNumber: `1402${Date.now() % 100000000}`,
        name: '晋城供电公司',
        creditCode: '91440300MA5G12QY5N',
        contactName: '钱七',
        contactPhone: '13800138000',
        region: '晋城市',
        agency: '晋城市社会保险管理中心',
      },
    },
  );
  const { submitApplication } = await call<{
    submitApplication: { id: string; documents: { documentType: string }[] };
  }>(
    'ENTRY_CLERK',
    'mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id documents { documentType } } }',
    {
      input: {
        subscriberId: registerSubscriber.id,
        businessType: 'CHANGE',
        certificateKind: 'ORGANIZATION',
        idNumber: '440303198503121239',
      },
    },
  );
  const id = submitApplication.id;
  for (const { documentType } of submitApplication.documents) {
    await call('ENTRY_CLERK', 'mutation($input: DocumentInput!) { checkDocument(input: $input) { checked } }', {
      input: { applicationId: id, documentType },
    });
  }
  await step('ENTRY_CLERK', id, 'ENTER');
  return id;
}

const outboxOf = (applicationId: string) => platform.ra.orm.em.fork().findOneOrFail(OutboxMessage, { applicationId });

describe('approval to enrollment exactly once, even when the certificate subgraph is down (RA item 12, RA-11)', () => {
  it('waits in the outbox while the certificate subgraph is down and completes, once, when it returns', async () => {
    const id = await enteredChange();
    const { port, url } = platform.certificate;
    await platform.certificate.close();

    await step('REVIEW_CLERK', id, 'APPROVE');
    const waiting = await until(async () => {
      const message = await outboxOf(id);
      return message.attempts >= 1 ? message : undefined;
    });
    expect(waiting.deliveredAt ?? null).toBeNull();

    const restarted = await startSubgraph(certificate, {
      config: loadConfig({
        NODE_ENV: 'test',
        AUTH_JWKS_URL: new URL('/.well-known/jwks.json', platform.identity.url).toString(),
      }),
      databaseUrl: platform.databaseUrl,
      port,
      metricsPort: 0,
      log: createLogger({ service: 'certificate-restarted', level: 'silent' }),
    });
    const enrollmentsOf = (key: string) => restarted.orm.em.fork().count(Enrollment, { applicationReference: key });
    try {
      expect(restarted.url).toBe(url);
      const delivered = await until(async () => {
        const message = await outboxOf(id);
        return message.deliveredAt ? message : undefined;
      });
      expect(await enrollmentsOf(delivered.idempotencyKey)).toBe(1);
      const { application } = await call<{ application: { referenceCode: string; authorizationCode: string } }>(
        'ISSUING_CLERK',
        'query($id: UUID!) { application(id: $id) { referenceCode authorizationCode } }',
        { id },
      );
      expect(application.referenceCode).toEqual(expect.any(String));

      // The certificate subgraph answered but the answer was lost: the RA asks again with the same key.
      const redo = platform.ra.orm.em.fork();
      const message = await redo.findOneOrFail(OutboxMessage, { id: delivered.id });
      message.state = 'pending';
      message.deliveredAt = undefined;
      message.nextAttemptAt = new Date();
      await redo.flush();
      await until(async () => ((await outboxOf(id)).deliveredAt ? true : undefined));
      expect(await enrollmentsOf(delivered.idempotencyKey)).toBe(1);
      const again = await call<{ application: { referenceCode: string } }>(
        'ISSUING_CLERK',
        'query($id: UUID!) { application(id: $id) { referenceCode } }',
        { id },
      );
      expect(again.application.referenceCode).toBe(application.referenceCode);
    } finally {
      await restarted.close();
    }
  });
});
