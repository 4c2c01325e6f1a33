import type { MikroORM } from '@mikro-orm/postgresql';
import type { StaffRole } from '@tessera/kit';
import { CertificateApplication } from '../applications/certificate-application.entity';
import { raDatabase } from '../testing/ra-database';
import { unitSubscriber } from '../testing/subscribers';
import type { Actor } from './actor';
import { nextInQueue, queueSteps } from './work-queue';

const staff = (id: string, ...roles: StaffRole[]): Actor => ({
  id,
  kind: 'staff',
  roles: new Set(roles),
  realNameVerified: false,
});

let orm: MikroORM;
const minute = 60_000;
const at = (minutes: number) => new Date(Date.UTC(2026, 11, 1, 9, 0) + minutes * minute);

async function waiting(fields: Partial<CertificateApplication>, minutes: number): Promise<CertificateApplication> {
  const em = orm.em.fork();
  const application = em.create(CertificateApplication, {
    businessType: 'new',
    subscriber: unitSubscriber(em),
    ...fields,
    updatedAt: at(minutes),
  });
  await em.flush();
  return application;
}

beforeAll(async () => {
  orm = await raDatabase();
});
afterAll(() => orm?.close());

describe('next in my queue (issue 17 item 7, RA-1, RA-11)', () => {
  it('takes a clerk’s queue from the workflow table: the steps their roles may take', () => {
    expect(queueSteps(staff('r', 'REVIEW_CLERK')).map((t) => `${t.from}:${t.event}`)).toEqual([
      'entered:approve',
      'entered:reject',
    ]);
    expect(queueSteps({ ...staff('c'), kind: 'citizen' })).toEqual([]);
  });

  it('gives each clerk the application waiting longest for their step, then the next after the one they finished', async () => {
    const submittedNew = await waiting({ state: 'submitted' }, 1);
    const agencyApproved = await waiting({ state: 'agency_approved' }, 2);
    const submittedRenewal = await waiting({ state: 'submitted', businessType: 'renewal' }, 3);
    const approved = await waiting({ state: 'approved' }, 4);
    const issued = await waiting({ state: 'issued' }, 5);
    const delivered = await waiting({ state: 'delivered' }, 6);
    const next = async (actor: Actor, after?: string) => (await nextInQueue(orm.em.fork(), actor, after))?.id;

    // RA-1: a new issuance waits for the agency first; the entry clerk sees it once approved.
    expect(await next(staff('a', 'AGENCY_APPROVER'))).toBe(submittedNew.id);
    expect(await next(staff('a', 'AGENCY_APPROVER'), submittedNew.id)).toBeUndefined();
    expect(await next(staff('e', 'ENTRY_CLERK'))).toBe(agencyApproved.id);
    expect(await next(staff('e', 'ENTRY_CLERK'), agencyApproved.id)).toBe(submittedRenewal.id);
    // The issuing clerk issues, then delivers: after issuing one, the next is another application.
    expect(await next(staff('i', 'ISSUING_CLERK'))).toBe(approved.id);
    expect(await next(staff('i', 'ISSUING_CLERK'), approved.id)).toBe(issued.id);
    expect(await next(staff('f', 'ARCHIVE_CLERK'))).toBe(delivered.id);
    // A clerk with no step in the table has no queue.
    expect(await next(staff('s', 'SERVICE_AGENT'))).toBeUndefined();
  });

  it('RA-11: never offers a review clerk what they entered or submitted themselves', async () => {
    const enteredByMe = await waiting({ state: 'entered', enteredBy: 'both' }, 10);
    const submittedByMe = await waiting({ state: 'entered', enteredBy: 'other', submittedBy: 'both' }, 11);
    const someoneElses = await waiting({ state: 'entered', enteredBy: 'other' }, 12);
    const both = staff('both', 'ENTRY_CLERK', 'REVIEW_CLERK');
    const reviewer = staff('reviewer', 'REVIEW_CLERK');
    expect((await nextInQueue(orm.em.fork(), reviewer))?.id).toBe(enteredByMe.id);
    const forBoth = await nextInQueue(orm.em.fork(), staff('both', 'REVIEW_CLERK'));
    expect(forBoth?.id).toBe(someoneElses.id);
    expect([enteredByMe.id, submittedByMe.id]).not.toContain((await nextInQueue(orm.em.fork(), both))?.id);
  });
});
