import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createLogger } from '@tessera/kit';
import { Applications } from '../applications/applications';
import { CertificateApplication } from '../applications/certificate-application.entity';
import type { CertificateAuthority } from '../certificate-authority/certificate-authority-client';
import { Subscriber } from '../subscribers/subscriber.entity';
import { raDatabase } from '../testing/ra-database';
import { unitSubscriber } from '../testing/subscribers';
import type { Actor } from '../workflow/actor';
import { backoffMs, OutboxDispatcher } from './dispatcher';
import { approvedSubject, Outbox } from './outbox';
import { OutboxMessage } from './outbox-message.entity';

let orm: MikroORM;
const log = createLogger({ service: 'ra-test', level: 'silent' });

beforeAll(async () => {
  orm = await raDatabase();
});
afterAll(() => orm?.close());

async function approvedApplication() {
  const em = orm.em.fork();
  const subscriber = unitSubscriber(em, { name: 'Acme, Inc. = "test"' });
  const application = em.create(CertificateApplication, {
    businessType: 'new',
    certificateKind: 'organization',
    subscriber,
  });
  await em.flush();
  await em.transactional(async (tx) => tx.persist(new Outbox().requestEnrollment(tx, application, subscriber)));
  return application;
}

describe('the outbox to the certificate subgraph (RA item 12, RA-11)', () => {
  it('escapes the approved subject as a distinguished name (RFC 4514)', () => {
    expect(approvedSubject({ name: 'Acme, Inc. = "test"', socialInsuranceNumber: '1401#2' } as Subscriber)).toBe(
      'CN=Acme\\, Inc. \\= \\"test\\",OU=1401#2,C=CN',
    );
  });

  it('keeps a message until the certificate subgraph answers, backing off between attempts', async () => {
    const application = await approvedApplication();
    let now = new Date(Date.now() + 1000);
    let up = false;
    const calls: string[] = [];
    const authority: CertificateAuthority = {
      createEnrollment: async (request) => {
        calls.push(request.applicationReference);
        if (!up) throw new Error('connect ECONNREFUSED 127.0.0.1:4002');
        return {
          referenceCode: 'REF-1',
          authorizationCode: 'AUTH-1',
          certificateId: '6f1c9a5e-2b1d-4c8e-9a51-000000000001',
        };
      },
      revoke: async () => undefined,
      suspend: async () => ({ notAfter: null }),
      validity: async () => ({ notAfter: null }),
      unlockEKey: async () => undefined,
      release: async () => undefined,
      issuance: async () => null,
      status: async () => null,
    };
    const dispatcher = new OutboxDispatcher(orm.em, authority, log, () => now);
    expect(await dispatcher.dispatchDue()).toBe(0);
    const waiting = await orm.em.fork().findOneOrFail(OutboxMessage, { applicationId: application.id });
    expect(waiting).toMatchObject({ attempts: 1, deliveredAt: null, lastError: expect.stringMatching(/ECONNREFUSED/) });
    expect(waiting.nextAttemptAt.getTime() - now.getTime()).toBe(backoffMs(1));

    expect(await dispatcher.dispatchDue()).toBe(0);
    expect(calls).toHaveLength(1);

    up = true;
    now = new Date(now.getTime() + backoffMs(1));
    expect(await dispatcher.dispatchDue()).toBe(1);
    const done = await orm.em
      .fork()
      .findOneOrFail(CertificateApplication, { id: application.id }, { populate: ['authorizationCode'] });
    expect(done).toMatchObject({ referenceCode: 'REF-1', authorizationCode: 'AUTH-1' });
    expect(calls).toEqual([`application:${application.id}:enrollment`, `application:${application.id}:enrollment`]);
    expect(await dispatcher.dispatchDue()).toBe(0);
  });

  it('refuses to owe the same call twice for one application step', async () => {
    const application = await approvedApplication();
    const em = orm.em.fork();
    const subscriber = await em.findOneOrFail(Subscriber, { id: application.subscriber?.id as string });
    await expect(
      em.transactional(async (tx) => tx.persist(new Outbox().requestEnrollment(tx, application, subscriber))),
    ).rejects.toThrow(/outbox_message_idempotency_key_unique/);
  });

  /** An executed acting application of `businessType` whose call to the CA waits in the outbox. */
  async function executedActing(businessType: 'suspension' | 'release') {
    const em = orm.em.fork();
    const application = em.create(CertificateApplication, {
      businessType,
      certificateKind: 'organization',
      subscriber: unitSubscriber(em),
      state: 'executed',
      certificateId: randomUUID(),
    });
    await em.flush();
    await em.transactional(async (tx) => {
      const message = new Outbox().requestStatusChange(tx, application);
      if (message) tx.persist(message);
    });
    return application;
  }

  /** What graphql-request throws for an answer with errors. */
  const answeredWith = (code: string) =>
    Object.assign(new Error(code), { response: { errors: [{ extensions: { code } }] } });

  const noCalls: CertificateAuthority = {
    createEnrollment: async () => {
      throw new Error('not in this test');
    },
    revoke: async () => undefined,
    suspend: async () => ({ notAfter: null }),
    validity: async () => ({ notAfter: null }),
    unlockEKey: async () => undefined,
    release: async () => undefined,
    issuance: async () => null,
    status: async () => null,
  };

  async function message(applicationId: string) {
    return orm.em.fork().findOneOrFail(OutboxMessage, { applicationId });
  }

  it('takes CERTIFICATE_ALREADY_SUSPENDED on a repeated suspension as done, and still learns the validity (RA-5)', async () => {
    const application = await executedActing('suspension');
    const notAfter = new Date('2027-03-01T00:00:00Z');
    const validityAsked: string[] = [];
    const authority: CertificateAuthority = {
      ...noCalls,
      suspend: async () => {
        throw answeredWith('CERTIFICATE_ALREADY_SUSPENDED');
      },
      validity: async (certificateId) => {
        validityAsked.push(certificateId);
        return { notAfter };
      },
    };
    expect(await new OutboxDispatcher(orm.em, authority, log).dispatchDue()).toBe(1);
    expect(await message(application.id)).toMatchObject({
      state: 'delivered',
      deliveredAt: expect.any(Date),
      attempts: 0,
    });
    expect(validityAsked).toEqual([application.certificateId]);
    const after = await orm.em.fork().findOneOrFail(CertificateApplication, { id: application.id });
    expect(after.certificateNotAfter).toEqual(notAfter);
  });

  it('RA item 15: learning the codes or the validity does not bump the version a clerk acts on', async () => {
    const suspension = await executedActing('suspension');
    const seen = (await orm.em.fork().findOneOrFail(CertificateApplication, { id: suspension.id })).version;
    const notAfter = new Date('2027-05-01T00:00:00Z');
    await new OutboxDispatcher(orm.em, { ...noCalls, suspend: async () => ({ notAfter }) }, log).dispatchDue();
    const learned = await orm.em.fork().findOneOrFail(CertificateApplication, { id: suspension.id });
    expect(learned).toMatchObject({ certificateNotAfter: notAfter, version: seen });
    const archivist: Actor = {
      id: 'staff-archive',
      kind: 'staff',
      roles: new Set(['ARCHIVE_CLERK']),
      realNameVerified: false,
    };
    const archived = await new Applications().step(orm.em.fork(), suspension.id, 'archive', archivist, {
      expectedVersion: seen,
    });
    expect(archived).toMatchObject({ state: 'archived', version: seen + 1 });

    const approval = await approvedApplication();
    const before = (await orm.em.fork().findOneOrFail(CertificateApplication, { id: approval.id })).version;
    const codes = { referenceCode: 'REF-15', authorizationCode: 'AUTH-15', certificateId: randomUUID() };
    await new OutboxDispatcher(orm.em, { ...noCalls, createEnrollment: async () => codes }, log).dispatchDue();
    const coded = await orm.em.fork().findOneOrFail(CertificateApplication, { id: approval.id });
    expect(coded).toMatchObject({ referenceCode: 'REF-15', certificateId: codes.certificateId, version: before });
  });

  it('takes CERTIFICATE_NOT_SUSPENDED on a repeated release as done', async () => {
    const application = await executedActing('release');
    const authority: CertificateAuthority = {
      ...noCalls,
      release: async () => {
        throw answeredWith('CERTIFICATE_NOT_SUSPENDED');
      },
    };
    expect(await new OutboxDispatcher(orm.em, authority, log).dispatchDue()).toBe(1);
    expect(await message(application.id)).toMatchObject({ deliveredAt: expect.any(Date) });
  });

  it('RA item 12: marks a suspension of a revoked certificate failed and never tries it again', async () => {
    const application = await executedActing('suspension');
    let now = new Date(Date.now() + 1000);
    let asked = 0;
    const authority: CertificateAuthority = {
      ...noCalls,
      suspend: async () => {
        asked += 1;
        throw answeredWith('CERTIFICATE_ALREADY_REVOKED');
      },
    };
    const dispatcher = new OutboxDispatcher(orm.em, authority, log, () => now);
    expect(await dispatcher.dispatchDue()).toBe(0);
    expect(await message(application.id)).toMatchObject({
      state: 'failed',
      deliveredAt: null,
      failedAt: now,
      attempts: 1,
      lastError: 'CERTIFICATE_ALREADY_REVOKED',
      lastErrorCode: 'CERTIFICATE_ALREADY_REVOKED',
    });
    now = new Date(now.getTime() + 3_600_000);
    expect(await dispatcher.dispatchDue()).toBe(0);
    expect(asked).toBe(1);
  });

  it.each([
    ['suspension', 'CERTIFICATE_NOT_FOUND'],
    ['release', 'CERTIFICATE_ALREADY_REVOKED'],
    ['suspension', 'FORBIDDEN'],
  ] as const)('RA item 12: a %s answered %s is a permanent refusal', async (businessType, code) => {
    const application = await executedActing(businessType);
    const refuse = async (): Promise<never> => {
      throw answeredWith(code);
    };
    const authority: CertificateAuthority = { ...noCalls, suspend: refuse, release: refuse };
    await new OutboxDispatcher(orm.em, authority, log).dispatchDue();
    expect(await message(application.id)).toMatchObject({ state: 'failed', lastErrorCode: code });
  });

  it.each([
    ['a refused connection', new Error('connect ECONNREFUSED 127.0.0.1:4002'), null],
    ['an HTTP 502 without a GraphQL answer', Object.assign(new Error('502'), { response: { status: 502 } }), null],
    ['SERVICE_UNAVAILABLE', answeredWith('SERVICE_UNAVAILABLE'), 'SERVICE_UNAVAILABLE'],
    ['INTERNAL_SERVER_ERROR', answeredWith('INTERNAL_SERVER_ERROR'), 'INTERNAL_SERVER_ERROR'],
  ])('RA item 12: keeps retrying after %s', async (_what, error, code) => {
    const application = await executedActing('suspension');
    const now = new Date(Date.now() + 1000);
    const authority: CertificateAuthority = {
      ...noCalls,
      suspend: async () => {
        throw error;
      },
    };
    expect(await new OutboxDispatcher(orm.em, authority, log, () => now).dispatchDue()).toBe(0);
    const waiting = await message(application.id);
    expect(waiting).toMatchObject({ state: 'pending', attempts: 1, failedAt: null, lastErrorCode: code });
    expect(waiting.nextAttemptAt.getTime() - now.getTime()).toBe(backoffMs(1));
  });

  it('backs off exponentially up to a minute', () => {
    expect([1, 2, 3, 7, 20].map(backoffMs)).toEqual([1000, 2000, 4000, 60_000, 60_000]);
  });
});
