import type { MikroORM } from '@mikro-orm/postgresql';
import { createLogger } from '@tessera/kit';
import { CertificateApplication } from '../applications/certificate-application.entity';
import { keepIdNumber } from '../applications/id-number';
import type { EnrollmentRequest } from '../certificate-authority/certificate-authority-client';
import { enrollingAuthority } from '../testing/enrolling-authority';
import { raDatabase } from '../testing/ra-database';
import { officerIdNumber, unitSubscriber } from '../testing/subscribers';
import { describe as describeError, OutboxDispatcher } from './dispatcher';
import { Outbox } from './outbox';
import { OutboxMessage } from './outbox-message.entity';

let orm: MikroORM;
const log = createLogger({ service: 'ra-test', level: 'silent' });

beforeAll(async () => {
  orm = await raDatabase();
});
afterAll(() => orm?.close());

/** An approved application of a person or a unit, its enrollment owed through the outbox. */
async function approved(kind: 'person' | 'unit') {
  const em = orm.em.fork();
  const subscriber = unitSubscriber(
    em,
    kind === 'person'
      ? { kind: 'person', name: '张三' }
      : { name: '太原钢铁', creditCode: '91440300MA5F0K3R4P', organizationCode: 'MA5F0K3R4' },
  );
  const application = em.create(CertificateApplication, {
    businessType: 'new',
    certificateKind: kind === 'person' ? 'personal' : 'organization',
    subscriber,
    ...keepIdNumber(officerIdNumber),
  });
  await em.flush();
  await em.transactional(async (tx) => tx.persist(new Outbox().requestEnrollment(tx, application, subscriber)));
  return { application, subscriber };
}

/** Delivers every due message with the setting as given; the enrollment requests the certificate subgraph received. */
async function deliver(identityExtensions: boolean): Promise<EnrollmentRequest[]> {
  const { authority, requests } = enrollingAuthority();
  await new OutboxDispatcher(orm.em, authority, log, undefined, undefined, identityExtensions).dispatchDue();
  return requests;
}

const stored = async (applicationId: string) =>
  JSON.stringify(await orm.em.fork().findOneOrFail(OutboxMessage, { applicationId }));

describe("the subscriber's numbers on their way to the certificate (GM/T 0015, RA-14)", () => {
  it("a person's own certificate: the ID number is opened from its sealed copy only to be sent, never written to the outbox", async () => {
    const { application, subscriber } = await approved('person');
    expect(await stored(application.id)).not.toContain(officerIdNumber);
    const [request] = await deliver(true);
    expect(request?.identity).toEqual({ insuranceNumber: subscriber.socialInsuranceNumber, idNumber: officerIdNumber });
    expect(await stored(application.id)).not.toContain(officerIdNumber);
  });

  it('with CA_GM_IDENTITY_EXTENSIONS off the ID number never leaves the RA; the social-insurance number still goes', async () => {
    const { subscriber } = await approved('person');
    const [request] = await deliver(false);
    expect(request?.identity).toEqual({ insuranceNumber: subscriber.socialInsuranceNumber });
  });

  it("a unit's certificate carries the unit's numbers, never its officer's ID number", async () => {
    const { subscriber } = await approved('unit');
    const [request] = await deliver(true);
    expect(request?.identity).toEqual({
      insuranceNumber: subscriber.socialInsuranceNumber,
      creditCode: '91440300MA5F0K3R4P',
    });
    expect(JSON.stringify(request)).not.toContain(officerIdNumber);
  });

  it("an HTTP failure is recorded by its status, not by graphql-request's message, which repeats the variables", () => {
    const error = Object.assign(
      new Error(`GraphQL Error: {"request":{"variables":{"idNumber":"${officerIdNumber}"}}}`),
      {
        response: { status: 502 },
        request: { variables: { input: { identity: { idNumber: officerIdNumber } } } },
      },
    );
    expect(describeError(error)).toBe('HTTP 502');
  });
});
