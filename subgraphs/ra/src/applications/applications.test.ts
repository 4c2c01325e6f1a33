import { randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { createLogger, type StaffRole } from '@tessera/kit';
import { ArchivedFile } from '../archives/archived-file.entity';
import type {
  CertificateAuthority,
  CertificateStatus,
  EnrollmentRequest,
} from '../certificate-authority/certificate-authority-client';
import { Documents } from '../documents/documents';
import { requiredDocuments } from '../documents/requirements';
import { Fees } from '../fees/fees';
import { OutboxDispatcher } from '../outbox/dispatcher';
import { OperationLog } from '../records/operation-log';
import { OperationLogEntry } from '../records/operation-log-entry.entity';
import { TaskCompletionRecord } from '../records/task-completion-record.entity';
import type { Subscriber } from '../subscribers/subscriber.entity';
import { Subscribers } from '../subscribers/subscribers';
import { raDatabase } from '../testing/ra-database';
import { officerIdNumber, registeredUnit } from '../testing/subscribers';
import type { Actor } from '../workflow/actor';
import { Applications, type SubmitInput } from './applications';
import type { BusinessType, CertificateKind } from './business-type';
import type { CertificateApplication } from './certificate-application.entity';
import { idNumberIndex, idNumberProtection } from './id-number';
import { renewableFrom, renewalPolicy } from './target-certificate';

const staff = (id: string, ...roles: StaffRole[]): Actor => ({
  id,
  kind: 'staff',
  roles: new Set(roles),
  realNameVerified: false,
});
const agency = staff('agency-1', 'AGENCY_APPROVER');
const entry = staff('entry-1', 'ENTRY_CLERK');
const reviewer = staff('review-1', 'REVIEW_CLERK');
const entryAndReview = staff('both-1', 'ENTRY_CLERK', 'REVIEW_CLERK');
const issuing = staff('issue-1', 'ISSUING_CLERK');
const archive = staff('archive-1', 'ARCHIVE_CLERK');

let orm: MikroORM;
const applications = new Applications(
  undefined,
  undefined,
  undefined,
  undefined,
  undefined,
  undefined,
  () => authority,
);
const issuedSerials: string[] = [];
const enrollmentRequests: EnrollmentRequest[] = [];
const revoked: { certificateId: string; reason: string }[] = [];
const unlocked: { serialNumber: string; unlockApplication: string }[] = [];
/** Stands in for the certificate subgraph in these domain tests (test/src/integration uses the real one). */
const day = 24 * 60 * 60 * 1000;
/** The state the CA reports for a certificate (any other is in use, ending in 30 days); null: unknown. */
const certificates = new Map<string, CertificateStatus | null>();
/** The certificate each enrollment reserved, by application reference; redeemed as soon as it is made here. */
const enrolled = new Map<string, string>();
const authority: CertificateAuthority = {
  createEnrollment: async (request) => {
    issuedSerials.push(request.applicationReference);
    enrollmentRequests.push(request);
    const certificateId = randomUUID();
    enrolled.set(request.applicationReference, certificateId);
    return { referenceCode: `REF-${issuedSerials.length}`, authorizationCode: 'secret', certificateId };
  },
  status: async (certificateId) =>
    certificates.has(certificateId)
      ? (certificates.get(certificateId) ?? null)
      : { state: 'IN_USE', notAfter: new Date(Date.now() + 30 * day), hierarchy: 'international' },
  issuance: async (applicationReference) => {
    const certificateId = enrolled.get(applicationReference);
    return certificateId
      ? { certificateId, serialNumber: '01', notAfter: new Date('2027-11-23T00:00:00Z'), pem: '', encryption: null }
      : null;
  },
  revoke: async (certificateId, reason) => {
    revoked.push({ certificateId, reason });
  },
  suspend: async () => ({ notAfter: null }),
  validity: async () => ({ notAfter: null }),
  unlockEKey: async (serialNumber, unlockApplication) => {
    unlocked.push({ serialNumber, unlockApplication });
  },
  release: async () => undefined,
};
const deliver = () =>
  new OutboxDispatcher(orm.em, authority, createLogger({ service: 'ra-test', level: 'silent' })).dispatchDue();
const documents = new Documents();
const fees = new Fees(() => new Date('2026-11-23T00:00:00Z'));
const subscribers = new Subscribers();

beforeAll(async () => {
  orm = await raDatabase();
});
afterAll(() => orm?.close());

const em = (): EntityManager => orm.em.fork();

const unit = () => registeredUnit(em());

/** A submission for `subscriber` at the counter (or by `actor`), the shape most tests need. */
function submit(
  subscriber: Subscriber,
  businessType: BusinessType,
  certificateKind: CertificateKind,
  actor: Actor = entry,
  extra: Partial<SubmitInput> = {},
) {
  return applications.submit(
    em(),
    { subscriberId: subscriber.id, businessType, certificateKind, idNumber: officerIdNumber, ...extra },
    actor,
  );
}

async function checkAll(application: CertificateApplication, clerk = entry) {
  for (const type of requiredDocuments(application.businessType, application.certificateKind)) {
    await documents.check(em(), await applications.get(em(), application.id), type, clerk.id);
  }
}

async function step(
  application: CertificateApplication,
  event: Parameters<Applications['step']>[2],
  actor: Actor,
  reason?: string,
) {
  const current = await applications.get(em(), application.id);
  return applications.step(em(), application.id, event, actor, { expectedVersion: current.version, reason });
}

describe('the application workflow', () => {
  it('takes a new issuance from submission to completion (RA-1, RA-11, RA-13, RA-16)', async () => {
    const subscriber = await unit();
    const application = await submit(subscriber, 'new', 'organization', entry);
    expect(application.state).toBe('submitted');
    await expect(step(application, 'enter', entry)).rejects.toMatchObject({
      extensions: { code: 'TRANSITION_NOT_ALLOWED' },
    });
    await step(application, 'approve_by_agency', agency);
    await checkAll(application);
    await step(application, 'enter', entry);
    await step(application, 'approve', reviewer);
    await expect(step(application, 'issue', issuing)).rejects.toMatchObject({
      extensions: { code: 'ENROLLMENT_PENDING' },
    });
    expect(await deliver()).toBe(1);
    const approved = await applications.get(em(), application.id);
    expect(approved.referenceCode).toMatch(/^REF-/);
    const issued = await step(application, 'issue', issuing);
    expect(issued.authorizationCode).toBeNull();
    await step(application, 'deliver', issuing);
    await step(application, 'archive', archive);
    const done = await step(application, 'complete', archive);
    expect(done.state).toBe('completed');
    const record = await em().findOneOrFail(TaskCompletionRecord, { application: application.id });
    expect(record.steps).toMatchObject({ agencyApprovedBy: 'agency-1', enteredBy: 'entry-1', reviewedBy: 'review-1' });
    const file = await em().findOneOrFail(ArchivedFile, { application: application.id }, { populate: ['box'] });
    expect(file.box.series).toBe('new');
  });

  it('reissues a certificate with changed information on the change form, through review (RA-3)', async () => {
    const subscriber = await unit();
    const application = await submit(subscriber, 'change', 'organization', entry);
    expect(requiredDocuments('change', 'organization')[0]).toBe('change_form');
    await checkAll(application);
    await step(application, 'enter', entry);
    await step(application, 'approve', reviewer);
    expect(await deliver()).toBe(1);
    const issued = await step(application, 'issue', issuing);
    expect(issued.state).toBe('issued');
    expect(issued.referenceCode).toMatch(/^REF-/);
  });

  it('needs the supervising agency before a new issuance is entered (RA-1), but not for a renewal (RA-2)', async () => {
    const subscriber = await unit();
    const renewal = await submit(subscriber, 'renewal', 'organization', entry, { certificateId: randomUUID() });
    await checkAll(renewal);
    expect((await step(renewal, 'enter', entry)).state).toBe('entered');
  });

  it('never lets the person who entered an application review it (RA-11)', async () => {
    const subscriber = await unit();
    const application = await submit(subscriber, 'change', 'organization', entryAndReview);
    await checkAll(application, entryAndReview);
    await step(application, 'enter', entryAndReview);
    await expect(step(application, 'approve', entryAndReview)).rejects.toMatchObject({
      extensions: { code: 'FOUR_EYES_REQUIRED' },
    });
    await expect(step(application, 'reject', entryAndReview, 'incomplete')).rejects.toMatchObject({
      extensions: { code: 'FOUR_EYES_REQUIRED' },
    });
    expect((await step(application, 'approve', reviewer)).reviewedBy).toBe('review-1');
  });

  it('keeps the reason of a rejection for the subscriber, and requires one (RA-9)', async () => {
    const subscriber = await unit();
    const application = await submit(subscriber, 'new', 'organization', entry);
    await expect(step(application, 'reject_by_agency', agency, '  ')).rejects.toMatchObject({
      extensions: { code: 'REASON_REQUIRED' },
    });
    const rejected = await step(application, 'reject_by_agency', agency, '营业执照副本已过期');
    expect(rejected.state).toBe('rejected');
    expect(rejected.rejectionReason).toBe('营业执照副本已过期');
  });

  it('refuses to enter an application with documents missing (RA-10)', async () => {
    const subscriber = await unit();
    const application = await submit(subscriber, 'change', 'organization', entry);
    await expect(step(application, 'enter', entry)).rejects.toMatchObject({
      extensions: { code: 'DOCUMENTS_INCOMPLETE' },
    });
  });

  it('refuses to enter an application whose fee is unpaid, and records a transfer only with its voucher (RA-12)', async () => {
    await fees.setFee(em(), { businessType: 'change', certificateKind: 'server', amountFen: 30000 }, 'admin-1');
    const subscriber = await unit();
    const application = await submit(subscriber, 'change', 'server', entry, { dnsNames: ['si.example.cn'] });
    await checkAll(application);
    const stepper = new Applications(new Documents(), fees);
    const current = await applications.get(em(), application.id);
    await expect(
      stepper.step(em(), application.id, 'enter', entry, { expectedVersion: current.version }),
    ).rejects.toMatchObject({ extensions: { code: 'FEE_UNPAID', dueYuan: '300.00' } });
    const tx = em();
    const loaded = await applications.get(tx, application.id);
    expect(() => fees.record(tx, loaded, { amountFen: 30000, method: 'transfer' }, entry.id)).toThrow(
      expect.objectContaining({ extensions: { code: 'TRANSFER_VOUCHER_REQUIRED' } }),
    );
    fees.record(tx, loaded, { amountFen: 30000, method: 'transfer', voucherReference: 'DH-2026-001' }, entry.id);
    await tx.flush();
    const again = await applications.get(em(), application.id);
    expect((await stepper.step(em(), application.id, 'enter', entry, { expectedVersion: again.version })).state).toBe(
      'entered',
    );
  });

  it('replaces a damaged EKey free within its one-year warranty (RA-8, CT-3)', async () => {
    await fees.setFee(
      em(),
      { businessType: 'damaged_replacement', certificateKind: 'personal', amountFen: 5000 },
      'admin-1',
    );
    const subscriber = await unit();
    const replacement = (mediumPurchasedOn: string) =>
      submit(subscriber, 'damaged_replacement', 'personal', entry, { mediumPurchasedOn });
    expect(await fees.due(em(), await replacement('2026-03-01'))).toBe(0);
    expect(await fees.due(em(), await replacement('2025-11-01'))).toBe(5000);
  });

  it('lets only one of two clerks acting on the same version succeed (optimistic locking)', async () => {
    const subscriber = await unit();
    const application = await submit(subscriber, 'change', 'organization', entry);
    await checkAll(application);
    const { version } = await applications.get(em(), application.id);
    const results = await Promise.allSettled([
      applications.step(em(), application.id, 'enter', entry, { expectedVersion: version }),
      applications.step(em(), application.id, 'enter', staff('entry-2', 'ENTRY_CLERK'), { expectedVersion: version }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failure = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(failure.reason.extensions.code).toMatch(/^(CONFLICT|TRANSITION_NOT_ALLOWED)$/);
  });

  it('takes online applications only from real-name verified citizens, for their own person record (RA item 1, ID-3)', async () => {
    const userId = randomUUID();
    const person = await subscribers.register(em(), {
      kind: 'person',
      socialInsuranceNumber: `P${Date.now() % 1e9}`,
      name: '孙八',
      contactName: '孙八',
      contactPhone: '18612345678',
      region: '太原市',
      agency: '太原市社会保险管理中心',
      userId,
    });
    const citizen = (realNameVerified: boolean): Actor => ({
      id: userId,
      kind: 'citizen',
      roles: new Set(),
      realNameVerified,
    });
    const input = {
      subscriberId: person.id,
      businessType: 'new' as const,
      certificateKind: 'personal' as const,
      idNumber: officerIdNumber,
    };
    await expect(applications.submit(em(), input, citizen(false))).rejects.toMatchObject({
      extensions: { code: 'REAL_NAME_REQUIRED' },
    });
    const online = await applications.submit(em(), input, citizen(true));
    expect(online.channel).toBe('online');
  });

  it('checks roles against the table: a review clerk cannot issue', async () => {
    const subscriber = await unit();
    const application = await submit(subscriber, 'change', 'organization', entry);
    await checkAll(application);
    await step(application, 'enter', entry);
    await step(application, 'approve', reviewer);
    await expect(step(application, 'issue', staff('review-2', 'REVIEW_CLERK'))).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
  });

  it('acts on an existing certificate for revocation instead of issuing (RA-4)', async () => {
    const subscriber = await unit();
    await expect(submit(subscriber, 'revocation', 'organization', entry)).rejects.toMatchObject({
      extensions: { code: 'CERTIFICATE_REQUIRED' },
    });
    const application = await submit(subscriber, 'revocation', 'organization', entry, {
      certificateId: '6f1c9a5e-2b1d-4c8e-9a51-000000000001',
      revocationReason: 'keyCompromise',
    });
    expect(application.revocationReason).toBe('keyCompromise');
    await checkAll(application);
    await step(application, 'enter', entry);
    await step(application, 'approve', reviewer);
    await expect(step(application, 'issue', issuing)).rejects.toMatchObject({
      extensions: { code: 'TRANSITION_NOT_ALLOWED' },
    });
    expect((await step(application, 'execute', issuing)).state).toBe('executed');
    await deliver();
    expect(revoked.filter((r) => r.certificateId === '6f1c9a5e-2b1d-4c8e-9a51-000000000001')).toEqual([
      { certificateId: '6f1c9a5e-2b1d-4c8e-9a51-000000000001', reason: 'KEY_COMPROMISE' },
    ]);
  });

  it('CT-1: a server certificate application carries its DNS names, checked at entry and sent with the enrollment', async () => {
    const subscriber = await unit();
    await expect(submit(subscriber, 'new', 'server')).rejects.toMatchObject({
      extensions: { code: 'DNS_NAMES_REQUIRED' },
    });
    for (const bad of ['*.si.example.cn', 'si_example.cn', 'localhost', 'si.example.cn/x']) {
      await expect(submit(subscriber, 'new', 'server', entry, { dnsNames: [bad] })).rejects.toMatchObject({
        extensions: { code: 'DNS_NAME_INVALID', dnsName: bad },
      });
    }
    await expect(
      submit(subscriber, 'new', 'organization', entry, { dnsNames: ['si.example.cn'] }),
    ).rejects.toMatchObject({ extensions: { code: 'DNS_NAMES_NOT_ALLOWED' } });
    await expect(submit(subscriber, 'new', 'organization', entry, { email: '张三@example.cn' })).rejects.toMatchObject({
      extensions: { code: 'SUBJECT_EMAIL_INVALID' },
    });
    const application = await submit(subscriber, 'new', 'server', entry, {
      dnsNames: ['SI.Example.cn', '社保.example.cn', 'si.example.cn'],
      email: 'ops@Example.CN',
    });
    expect(application.dnsNames).toEqual(['si.example.cn', 'xn--ruqr22h.example.cn']);
    await step(application, 'approve_by_agency', agency);
    await checkAll(application);
    await step(application, 'enter', entry);
    await step(application, 'approve', reviewer);
    await deliver();
    expect(enrollmentRequests.find((r) => r.applicationReference.includes(application.id))).toMatchObject({
      kind: 'SERVER',
      dual: false,
      dnsNames: ['si.example.cn', 'xn--ruqr22h.example.cn'],
      email: 'ops@example.cn',
    });
  });

  it('RA-6: an unlock names the locked EKey, and executing it asks the CA to unlock that key, once', async () => {
    const subscriber = await unit();
    await expect(submit(subscriber, 'unlock', 'organization', entry)).rejects.toMatchObject({
      extensions: { code: 'MEDIUM_REQUIRED' },
    });
    const application = await submit(subscriber, 'unlock', 'organization', entry, { mediumSerialNumber: 'EK-U1' });
    await checkAll(application);
    await step(application, 'enter', entry);
    await step(application, 'approve', reviewer);
    await step(application, 'execute', issuing);
    await deliver();
    expect(unlocked).toEqual([{ serialNumber: 'EK-U1', unlockApplication: application.id }]);
  });

  it('RA-7: a lost-key reissue names the lost certificate and voids it with keyCompromise once the new one is issued', async () => {
    const subscriber = await unit();
    const lost = randomUUID();
    await expect(submit(subscriber, 'lost_reissue', 'organization', entry)).rejects.toMatchObject({
      extensions: { code: 'CERTIFICATE_REQUIRED' },
    });
    const application = await submit(subscriber, 'lost_reissue', 'organization', entry, { certificateId: lost });
    expect(application).toMatchObject({ replacedCertificateId: lost, certificateId: undefined });
    await checkAll(application);
    await step(application, 'enter', entry);
    await step(application, 'approve', reviewer);
    await deliver();
    expect(revoked.filter((r) => r.certificateId === lost)).toEqual([]);
    await step(application, 'issue', issuing);
    await deliver();
    expect(revoked.filter((r) => r.certificateId === lost)).toEqual([
      { certificateId: lost, reason: 'KEY_COMPROMISE' },
    ]);
    const reissued = await applications.get(em(), application.id);
    expect(reissued.certificateId).not.toBe(lost);
  });

  it('RA item 16: refuses at submission what the named certificate can no longer take', async () => {
    const subscriber = await unit();
    const named = (businessType: BusinessType, certificateId: string) =>
      submit(subscriber, businessType, 'organization', entry, { certificateId });
    const revokedId = randomUUID();
    const suspendedId = randomUUID();
    const unknownId = randomUUID();
    certificates.set(revokedId, {
      state: 'REVOKED',
      notAfter: new Date(Date.now() + 30 * day),
      hierarchy: 'international',
    });
    certificates.set(suspendedId, {
      state: 'SUSPENDED',
      notAfter: new Date(Date.now() + 30 * day),
      hierarchy: 'international',
    });
    certificates.set(unknownId, null);
    const refusal = (code: string) => ({ extensions: { code } });
    await expect(named('suspension', revokedId)).rejects.toMatchObject(refusal('CERTIFICATE_ALREADY_REVOKED'));
    await expect(named('suspension', suspendedId)).rejects.toMatchObject(refusal('CERTIFICATE_ALREADY_SUSPENDED'));
    await expect(named('release', randomUUID())).rejects.toMatchObject(refusal('CERTIFICATE_NOT_SUSPENDED'));
    await expect(named('revocation', revokedId)).rejects.toMatchObject(refusal('CERTIFICATE_ALREADY_REVOKED'));
    await expect(named('renewal', revokedId)).rejects.toMatchObject(refusal('CERTIFICATE_ALREADY_REVOKED'));
    await expect(named('suspension', unknownId)).rejects.toMatchObject(refusal('CERTIFICATE_NOT_FOUND'));
    expect((await named('release', suspendedId)).state).toBe('submitted');
  });

  it('RA-2, RA-7, issue 14: a renewal or lost-key reissue of a 国密 SM2 certificate stays SM2 unless the clerk chooses otherwise', async () => {
    const subscriber = await unit();
    const sm2 = randomUUID();
    certificates.set(sm2, {
      state: 'IN_USE',
      notAfter: new Date(Date.now() + (renewalPolicy.windowDays - 1) * day),
      hierarchy: 'sm2',
    });
    expect((await submit(subscriber, 'renewal', 'organization', entry, { certificateId: sm2 })).hierarchy).toBe('sm2');
    expect((await submit(subscriber, 'lost_reissue', 'organization', entry, { certificateId: sm2 })).hierarchy).toBe(
      'sm2',
    );
    const moved = await submit(subscriber, 'renewal', 'organization', entry, {
      certificateId: sm2,
      hierarchy: 'international',
    });
    expect(moved.hierarchy).toBe('international');
    expect((await submit(subscriber, 'new', 'organization', entry)).hierarchy).toBe('international');
  });

  it('RA-2: a renewal is taken only within the window before expiry, and supersedes the old certificate once the new one is delivered', async () => {
    const subscriber = await unit();
    const renew = (certificateId: string) => submit(subscriber, 'renewal', 'organization', entry, { certificateId });
    const early = randomUUID();
    const notAfter = new Date(Date.now() + (renewalPolicy.windowDays + 10) * day);
    certificates.set(early, { state: 'IN_USE', notAfter, hierarchy: 'international' });
    await expect(renew(early)).rejects.toMatchObject({
      extensions: {
        code: 'RENEWAL_NOT_DUE',
        windowDays: renewalPolicy.windowDays,
        renewableFrom: renewableFrom(notAfter).toISOString().slice(0, 10),
      },
    });

    const old = randomUUID();
    certificates.set(old, {
      state: 'IN_USE',
      notAfter: new Date(Date.now() + (renewalPolicy.windowDays - 1) * day),
      hierarchy: 'international',
    });
    const application = await renew(old);
    expect(application).toMatchObject({ replacedCertificateId: old, certificateId: undefined });
    await checkAll(application);
    await step(application, 'enter', entry);
    await step(application, 'approve', reviewer);
    await deliver();
    await step(application, 'issue', issuing);
    await deliver();
    expect(revoked.filter((r) => r.certificateId === old)).toEqual([]);
    await step(application, 'deliver', issuing);
    await deliver();
    expect(revoked.filter((r) => r.certificateId === old)).toEqual([{ certificateId: old, reason: 'SUPERSEDED' }]);
  });

  it('RA item 14: a certificate subgraph out of reach is SERVICE_UNAVAILABLE to the clerk, and the step waits', async () => {
    const subscriber = await unit();
    const application = await submit(subscriber, 'change', 'organization', entry);
    await checkAll(application);
    await step(application, 'enter', entry);
    await step(application, 'approve', reviewer);
    await deliver();
    const down: CertificateAuthority = {
      ...authority,
      issuance: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:4002');
      },
    };
    const cut = new Applications(undefined, undefined, undefined, undefined, undefined, undefined, () => down);
    const { version } = await applications.get(em(), application.id);
    await expect(cut.step(em(), application.id, 'issue', issuing, { expectedVersion: version })).rejects.toMatchObject({
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    });
    expect((await step(application, 'issue', issuing)).state).toBe('issued');
  });

  it('RA-14: captures the ID number with the application, sealed, and records it masked with its keyed hash in every log entry', async () => {
    const subscriber = await unit();
    const input = {
      subscriberId: subscriber.id,
      businessType: 'change' as const,
      certificateKind: 'organization' as const,
    };
    await expect(applications.submit(em(), input, entry)).rejects.toMatchObject({
      extensions: { code: 'ID_NUMBER_REQUIRED' },
    });
    await expect(applications.submit(em(), { ...input, idNumber: '44-03' }, entry)).rejects.toMatchObject({
      extensions: { code: 'ID_NUMBER_INVALID' },
    });
    const application = await applications.submit(em(), { ...input, idNumber: ' 44030319850312123x ' }, entry);
    await checkAll(application);
    await step(application, 'enter', entry);
    await step(application, 'approve', reviewer);
    await deliver();
    await step(application, 'issue', issuing);
    await step(application, 'deliver', issuing);
    await step(application, 'archive', archive);
    await step(application, 'complete', archive);

    const [row] = (await em()
      .getConnection()
      .execute('select * from "ra"."certificate_application" where "id" = ?', [application.id])) as Record<
      string,
      string
    >[];
    if (!row) throw new Error('the application was stored');
    expect(JSON.stringify(row)).not.toContain('44030319850312123X');
    expect(idNumberProtection.protector.open('idNumber', row.id_number_sealed as string)).toBe('44030319850312123X');
    expect(row).toMatchObject({
      id_number_masked: '4403**********123X',
      id_number_index: idNumberIndex('44030319850312123x'),
    });

    const entries = await em().find(
      OperationLogEntry,
      { applicationId: application.id },
      { orderBy: { sequence: 'asc' } },
    );
    expect(entries.map((e) => e.operation)).toEqual([
      'submit',
      'enter',
      'approve',
      'issue',
      'deliver',
      'archive',
      'complete',
    ]);
    for (const logged of entries) {
      expect(logged).toMatchObject({ idNumber: '4403**********123X', idNumberIndex: row.id_number_index });
    }
    const everything = await em().getConnection().execute('select * from "ra"."operation_log_entry"');
    expect(JSON.stringify(everything)).not.toContain('44030319850312123X');
  });

  it('writes every step to the hash-chained operation log (RA-14)', async () => {
    const verification = await new OperationLog().verify(em());
    expect(verification.intact).toBe(true);
    expect(verification.checked).toBeGreaterThan(20);
  });
});
