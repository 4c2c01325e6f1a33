import { randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { createLogger } from '@tessera/kit';
import { Applications } from '../applications/applications';
import { CertificateApplication } from '../applications/certificate-application.entity';
import type { CertificateAuthority } from '../certificate-authority/certificate-authority-client';
import { Documents } from '../documents/documents';
import { requiredDocuments } from '../documents/requirements';
import { Fees } from '../fees/fees';
import { OutboxDispatcher } from '../outbox/dispatcher';
import { OutboxMessage } from '../outbox/outbox-message.entity';
import { OperationLog } from '../records/operation-log';
import { raDatabase } from '../testing/ra-database';
import { officerIdNumber, registeredUnit } from '../testing/subscribers';
import type { Actor } from './actor';
import { SuspensionReviewJob } from './suspension-review';

const staff = (id: string, ...roles: Actor['roles'] extends ReadonlySet<infer R> ? R[] : never): Actor => ({
  id,
  kind: 'staff',
  roles: new Set(roles),
  realNameVerified: false,
});
const entry = staff('entry-1', 'ENTRY_CLERK');
const reviewer = staff('review-1', 'REVIEW_CLERK');
const issuing = staff('issue-1', 'ISSUING_CLERK');

let orm: MikroORM;
let clock = new Date('2026-11-01T08:00:00Z');
const now = () => new Date(clock);
const applications = new Applications(undefined, undefined, undefined, undefined, now, undefined, () => authority);
const documents = new Documents();
/** The validity end the CA answers each suspension with, per certificate. */
const notAfter = new Map<string, Date>();
/** Certificates the CA has on hold, as this stand-in's suspensions leave them. */
const suspended = new Set<string>();
const authority: CertificateAuthority = {
  createEnrollment: async () => {
    throw new Error('not in these tests');
  },
  revoke: async () => undefined,
  suspend: async (certificateId) => {
    suspended.add(certificateId);
    return { notAfter: notAfter.get(certificateId) ?? null };
  },
  validity: async () => ({ notAfter: null }),
  release: async () => undefined,
  unlockEKey: async () => undefined,
  issuance: async () => null,
  status: async (certificateId) => ({
    state: suspended.has(certificateId) ? 'SUSPENDED' : 'IN_USE',
    notAfter: new Date('2027-06-01T00:00:00Z'),
    hierarchy: 'international',
  }),
};
/** Outbox messages fall due by the wall clock, whatever the test's clock says. */
const deliver = () =>
  new OutboxDispatcher(orm.em, authority, createLogger({ service: 'ra-test', level: 'silent' })).dispatchDue();
const em = (): EntityManager => orm.em.fork();

beforeAll(async () => {
  orm = await raDatabase();
});
afterAll(() => orm?.close());

async function step(id: string, event: Parameters<Applications['step']>[2], actor: Actor) {
  const current = await applications.get(em(), id);
  return applications.step(em(), id, event, actor, { expectedVersion: current.version });
}

/** An acting application of `businessType` on `certificateId`, taken through to `executed` at `clock`. */
async function executed(businessType: 'suspension' | 'release', certificateId: string) {
  const subscriber = await registeredUnit(em());
  const application = await applications.submit(
    em(),
    {
      subscriberId: subscriber.id,
      businessType,
      certificateKind: 'organization',
      certificateId,
      idNumber: officerIdNumber,
    },
    entry,
  );
  for (const type of requiredDocuments(businessType, 'organization')) {
    await documents.check(em(), await applications.get(em(), application.id), type, entry.id);
  }
  await step(application.id, 'enter', entry);
  await step(application.id, 'approve', reviewer);
  await step(application.id, 'execute', issuing);
  await deliver();
  return application;
}

/** A suspended certificate whose automatic release (six months on) falls after its notAfter. */
async function suspensionOutliving(certificateNotAfter: string) {
  const certificateId = randomUUID();
  notAfter.set(certificateId, new Date(certificateNotAfter));
  return { certificateId, suspension: await executed('suspension', certificateId) };
}

const reviewsOf = (suspensionId: string) => em().find(CertificateApplication, { reviewOf: suspensionId });

describe('suspensions that outlive their certificate go to review for revocation (RA-5)', () => {
  it('opens one revocation review in the review queue, once, and the review clerk can take it to revocation', async () => {
    clock = new Date('2026-11-01T08:00:00Z');
    const { certificateId, suspension } = await suspensionOutliving('2027-03-01T00:00:00Z');
    const stored = await applications.get(em(), suspension.id);
    expect(stored.certificateNotAfter?.toISOString()).toBe('2027-03-01T00:00:00.000Z');

    clock = new Date('2026-11-02T02:00:00Z');
    const job = new SuspensionReviewJob(orm.em, now);
    expect(await job.run()).toBe(1);
    expect(await job.run()).toBe(0);
    const [review] = await reviewsOf(suspension.id);
    expect(review).toMatchObject({
      businessType: 'revocation',
      state: 'entered',
      certificateId,
      enteredBy: 'system',
      subscriber: { id: stored.subscriber?.id },
    });
    expect(review?.createdAt.toISOString()).toBe('2026-11-02T02:00:00.000Z');
    const queue = await em().find(CertificateApplication, { state: 'entered', businessType: 'revocation' });
    expect(queue.map((a) => a.id)).toContain(review?.id);

    await step(review?.id as string, 'approve', reviewer);
    await step(review?.id as string, 'execute', issuing);
    const owed = await em().find(OutboxMessage, { applicationId: review?.id });
    expect(owed.map((m) => [m.kind, m.payload.certificateId])).toEqual([['revoke_certificate', certificateId]]);
    expect((await new OperationLog().verify(em())).intact).toBe(true);
  });

  it('is a review-only path: no documents to bring, no fee, nothing to upload (RA-5, RA-10, RA-12)', async () => {
    clock = new Date('2026-11-01T08:00:00Z');
    const { suspension } = await suspensionOutliving('2027-03-01T00:00:00Z');
    const feeSchedule = new Fees();
    await feeSchedule.setFee(
      em(),
      { businessType: 'revocation', certificateKind: 'organization', amountFen: 5000 },
      'admin',
    );
    clock = new Date('2026-11-02T02:00:00Z');
    expect(await new SuspensionReviewJob(orm.em, now).run()).toBe(1);
    const [review] = await reviewsOf(suspension.id);
    const opened = await applications.get(em(), review?.id as string);
    expect(await documents.checklist(em(), opened)).toEqual([]);
    expect(await feeSchedule.due(em(), opened)).toBe(0);
    await expect(documents.check(em(), opened, 'change_form', reviewer.id)).rejects.toMatchObject({
      code: 'DOCUMENT_NOT_REQUIRED',
    });
    // A revocation the subscriber asks for still needs its papers and its fee.
    const asked = Object.assign(opened, { reviewOf: undefined });
    expect(await feeSchedule.due(em(), asked)).toBe(5000);
    expect((await documents.checklist(em(), asked)).length).toBeGreaterThan(0);
    await feeSchedule.setFee(
      em(),
      { businessType: 'revocation', certificateKind: 'organization', amountFen: 0 },
      'admin',
    );
  });

  it('leaves alone a suspension released within the certificate’s validity', async () => {
    clock = new Date('2026-11-01T08:00:00Z');
    const { suspension } = await suspensionOutliving('2027-12-31T00:00:00Z');
    expect(await new SuspensionReviewJob(orm.em, now).run()).toBe(0);
    expect(await reviewsOf(suspension.id)).toEqual([]);
  });

  it('opens nothing once the certificate has expired, nor after the certificate was released', async () => {
    clock = new Date('2026-12-01T08:00:00Z');
    const expiring = await suspensionOutliving('2027-02-01T00:00:00Z');
    const released = await suspensionOutliving('2027-02-01T00:00:00Z');
    await executed('release', released.certificateId);

    clock = new Date('2027-02-01T00:00:01Z');
    expect(await new SuspensionReviewJob(orm.em, now).run()).toBe(0);
    clock = new Date('2027-01-15T00:00:00Z');
    expect(await new SuspensionReviewJob(orm.em, now).run()).toBe(1);
    expect(await reviewsOf(expiring.suspension.id)).toHaveLength(1);
    expect(await reviewsOf(released.suspension.id)).toEqual([]);
  });

  it('opens a review once even when two RA processes run the job at the same time', async () => {
    clock = new Date('2026-11-01T08:00:00Z');
    const { suspension } = await suspensionOutliving('2027-03-01T00:00:00Z');
    const runs = await Promise.all([
      new SuspensionReviewJob(orm.em, now).run(),
      new SuspensionReviewJob(orm.em, now).run(),
    ]);
    expect(runs.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await reviewsOf(suspension.id)).toHaveLength(1);
  });
});
