import { OptimisticLockError } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type CaHierarchyName, DomainError, normaliseDnsNames, normaliseEmailAddress } from '@tessera/kit';
import { Archives } from '../archives/archives';
import { askCertificateAuthority } from '../certificate-authority/ask';
import type { CertificateAuthority, Issuance } from '../certificate-authority/certificate-authority-client';
import { certificateAuthorityRuntime } from '../certificate-authority/certificate-authority-runtime';
import { Documents } from '../documents/documents';
import { Fees } from '../fees/fees';
import { enrollmentReference, Outbox } from '../outbox/outbox';
import type { OutboxMessage } from '../outbox/outbox-message.entity';
import { insertOf } from '../records/logged-change';
import {
  defaultProject,
  type LoggedChange,
  loggedIdNumber,
  OperationLog,
  type OperationRecord,
} from '../records/operation-log';
import { TaskCompletionRecord } from '../records/task-completion-record.entity';
import { Subscriber } from '../subscribers/subscriber.entity';
import type { Actor } from '../workflow/actor';
import { issuingTypes, transitionFor, type WorkflowEvent } from '../workflow/workflow';
import type { BusinessType, CertificateKind, RevocationReason } from './business-type';
import { CertificateApplication } from './certificate-application.entity';
import { keepIdNumber } from './id-number';
import { checkTargetCertificate } from './target-certificate';

export interface SubmitInput {
  subscriberId: string;
  businessType: BusinessType;
  certificateKind: CertificateKind;
  /** The certificate a revocation, suspension or release acts on, or the lost one a reissue replaces. */
  certificateId?: string | null;
  /** The locked EKey an unlock resets (RA-6). */
  mediumSerialNumber?: string | null;
  mediumPurchasedOn?: string | null;
  /** CT-1: the DNS names of a server certificate. */
  dnsNames?: string[] | null;
  /** The subscriber's mailbox, for the certificate's rfc822Name. */
  email?: string | null;
  /** RA-4: why a revocation is asked for. */
  revocationReason?: RevocationReason | null;
  /** RA-14: the applicant's (a person's) or the unit officer's ID number. */
  idNumber?: string | null;
  /** Issue 14: 国密 `sm2` or 国际 `international` (the default). */
  hierarchy?: CaHierarchyName | null;
}

/** Business types that name an existing certificate when submitted (RA-2, RA-4, RA-5, RA-7). */
const certificateTargets: readonly BusinessType[] = ['revocation', 'suspension', 'release', 'lost_reissue', 'renewal'];
/** Issuing types whose new certificate replaces the one named at submission (RA-2, RA-7). */
const replacing: readonly BusinessType[] = ['lost_reissue', 'renewal'];

/**
 * CT-1: what the certificate will name, checked as the entry clerk enters it. A server certificate
 * that is issued needs its DNS names (LDH labels, lowercase, punycode, no wildcards); no other kind
 * carries any. The email address must fit an rfc822Name.
 */
function certificateNames(input: SubmitInput): { dnsNames: string[]; email?: string } {
  const checked = normaliseDnsNames(input.dnsNames ?? []);
  if (checked.invalid !== undefined) throw new DomainError('DNS_NAME_INVALID', { dnsName: checked.invalid });
  const server = input.certificateKind === 'server';
  if (!server && checked.names.length > 0) throw new DomainError('DNS_NAMES_NOT_ALLOWED');
  if (server && issuingTypes.includes(input.businessType) && checked.names.length === 0)
    throw new DomainError('DNS_NAMES_REQUIRED');
  const given = input.email?.trim();
  if (!given) return { dnsNames: checked.names };
  const email = normaliseEmailAddress(given);
  if (!email) throw new DomainError('SUBJECT_EMAIL_INVALID');
  return { dnsNames: checked.names, email };
}

export interface StepInput {
  /** The version the clerk saw: a step on a stale view is refused (optimistic locking). */
  expectedVersion: number;
  reason?: string | null;
  certificateId?: string | null;
}

/** The outbox message a step owes, if any, as the rows it adds. */
function owed(message: OutboxMessage | undefined): object[] {
  return message ? [message] : [];
}

/**
 * Moves applications through the workflow table (workflow/workflow.ts). Every step checks the
 * table (state, business type, role), the step's own rule (four eyes RA-11, documents RA-10, fees
 * RA-12, a reason RA-9), writes who did it, and appends to the operation log (RA-14), all in one
 * transaction.
 */
export class Applications {
  constructor(
    private readonly documents = new Documents(),
    private readonly fees = new Fees(),
    private readonly archives = new Archives(),
    private readonly log = new OperationLog(),
    private readonly now: () => Date = () => new Date(),
    private readonly outbox = new Outbox(),
    private readonly authority: () => CertificateAuthority | undefined = () => certificateAuthorityRuntime.authority,
  ) {}

  /** Online by the subscriber (a person with a verified account) or at the counter by an entry clerk. */
  async submit(em: EntityManager, input: SubmitInput, actor: Actor): Promise<CertificateApplication> {
    return em.transactional(async (tx) => {
      const subscriber = await tx.findOne(Subscriber, { id: input.subscriberId });
      if (!subscriber) throw new DomainError('SUBSCRIBER_NOT_FOUND');
      if (actor.kind === 'citizen') {
        if (!actor.realNameVerified) throw new DomainError('REAL_NAME_REQUIRED');
        if (subscriber.kind !== 'person' || subscriber.userId !== actor.id)
          throw new DomainError('NOT_YOUR_SUBSCRIBER');
      } else if (!actor.roles.has('ENTRY_CLERK')) {
        throw new DomainError('FORBIDDEN');
      }
      if (certificateTargets.includes(input.businessType) && !input.certificateId)
        throw new DomainError('CERTIFICATE_REQUIRED');
      const mediumSerialNumber = input.mediumSerialNumber?.trim() || undefined;
      if (input.businessType === 'unlock' && !mediumSerialNumber) throw new DomainError('MEDIUM_REQUIRED');
      const names = certificateNames(input);
      const idNumber = keepIdNumber(input.idNumber);
      const replaces = replacing.includes(input.businessType);
      // A renewal or reissue stays in the replaced certificate's hierarchy (国密 stays 国密) unless one is chosen.
      const target = input.certificateId
        ? await checkTargetCertificate(
            this.authority(),
            input.businessType,
            input.certificateId,
            this.now(),
            replaces && !input.hierarchy,
          )
        : null;
      const application = tx.create(
        CertificateApplication,
        {
          businessType: input.businessType,
          certificateKind: input.certificateKind,
          subscriber,
          channel: actor.kind === 'citizen' ? 'online' : 'counter',
          applicantUserId: subscriber.userId,
          certificateId: (!replaces && input.certificateId) || undefined,
          replacedCertificateId: (replaces && input.certificateId) || undefined,
          mediumSerialNumber,
          mediumPurchasedOn: input.mediumPurchasedOn ?? undefined,
          ...names,
          hierarchy: input.hierarchy ?? target?.hierarchy ?? 'international',
          revocationReason: input.businessType === 'revocation' ? (input.revocationReason ?? 'unspecified') : undefined,
          ...idNumber,
          submittedBy: actor.id,
        },
        { persist: false },
      );
      // The application and its first log entry in one statement (issue 16 goal 6); the insert
      // returns the columns the database fills, the version among them.
      const insert = insertOf(tx, application);
      const written = await this.log.appendWith<{ version: number }>(
        tx,
        this.entry(application, subscriber, 'submit', actor.id),
        insert,
      );
      if (!written) throw new Error('submit: the application was not inserted');
      application.version = written.changed.version;
      tx.getUnitOfWork().merge(application);
      return application;
    });
  }

  async get(em: EntityManager, id: string): Promise<CertificateApplication> {
    const application = await em.findOne(CertificateApplication, { id }, { populate: ['subscriber'] });
    if (!application) throw new DomainError('APPLICATION_NOT_FOUND');
    return application;
  }

  /** Takes one workflow step. Fails with CONFLICT when someone else moved the application first. */
  async step(
    em: EntityManager,
    id: string,
    event: WorkflowEvent,
    actor: Actor,
    input: StepInput,
  ): Promise<CertificateApplication> {
    try {
      return await em.transactional(async (tx) => {
        const application = await this.get(tx, id);
        if (application.version !== input.expectedVersion) throw new DomainError('CONFLICT');
        const transition = transitionFor(application.businessType, application.state, event);
        if (!transition) throw new DomainError('TRANSITION_NOT_ALLOWED', { state: application.state, event });
        if (actor.kind !== 'staff' || !transition.roles.some((r) => actor.roles.has(r))) {
          throw new DomainError('FORBIDDEN');
        }
        const added = await this.applyRule(tx, application, event, actor, input);
        application.state = transition.to;
        if (event === 'complete') added.push(this.completionRecord(tx, application, actor.id));
        const subscriber = application.subscriber as Subscriber;
        const writes = added.map((row) => insertOf(tx, row));
        if (event === 'archive') writes.push(...(await this.archives.place(tx, application, subscriber, actor.id)));
        await this.writeStep(tx, application, subscriber, event, actor.id, writes);
        return application;
      });
    } catch (error) {
      if (error instanceof OptimisticLockError) throw new DomainError('CONFLICT');
      throw error;
    }
  }

  private async applyRule(
    tx: EntityManager,
    application: CertificateApplication,
    event: WorkflowEvent,
    actor: Actor,
    input: StepInput,
  ): Promise<object[]> {
    switch (event) {
      case 'approve_by_agency':
        application.agencyApprovedBy = actor.id;
        return [];
      case 'reject_by_agency':
      case 'reject': {
        const reason = input.reason?.trim();
        if (!reason) throw new DomainError('REASON_REQUIRED');
        if (event === 'reject') this.requireFourEyes(application, actor);
        application.rejectionReason = reason;
        if (event === 'reject') application.reviewedBy = actor.id;
        else application.agencyApprovedBy = actor.id;
        return [];
      }
      case 'enter': {
        const { checked, scheduled, paid } = await this.entryNeeds(tx, application);
        this.documents.requireComplete(application, checked);
        this.fees.requirePaid(application, scheduled, paid);
        application.enteredBy = actor.id;
        return [];
      }
      case 'approve':
        this.requireFourEyes(application, actor);
        application.reviewedBy = actor.id;
        return issuingTypes.includes(application.businessType)
          ? [this.outbox.requestEnrollment(tx, application, application.subscriber as Subscriber)]
          : [];
      case 'issue': {
        if (!application.referenceCode) throw new DomainError('ENROLLMENT_PENDING');
        // RA item 14: the RA learns what was issued from the certificate subgraph, so the step can
        // be recorded whenever the codes were redeemed, even if that answer never reached the clerk.
        const issued = await this.issuance(application, { envelope: false });
        if (!issued) throw new DomainError('CERTIFICATE_NOT_ISSUED');
        if (input.certificateId && input.certificateId !== issued.certificateId) {
          throw new DomainError('BAD_USER_INPUT', { detail: 'certificateId' });
        }
        application.certificateId = issued.certificateId;
        application.certificateNotAfter = issued.notAfter;
        application.authorizationCode = null;
        application.issuedBy = actor.id;
        return application.businessType === 'lost_reissue'
          ? owed(this.outbox.requestLostCertificateVoid(tx, application))
          : [];
      }
      case 'execute':
        application.issuedBy = actor.id;
        return owed(this.outbox.requestStatusChange(tx, application));
      case 'deliver':
        // RA-2: the renewed certificate is superseded once its successor is in the subscriber's hands.
        return application.businessType === 'renewal'
          ? owed(this.outbox.requestSupersededRevocation(tx, application))
          : [];
      case 'archive':
        application.archivedBy = actor.id;
        return [];
      case 'complete':
        return [];
    }
  }

  /**
   * What the enrollment of an issuing application issued, asked of the certificate subgraph (RA
   * item 14): the certificate, and for a dual certificate its key enveloped again to the signing
   * key. Given out until the certificate is delivered; null while the codes are not redeemed.
   */
  async issuance(application: CertificateApplication, options?: { envelope: boolean }): Promise<Issuance | null> {
    if (!issuingTypes.includes(application.businessType) || !['approved', 'issued'].includes(application.state)) {
      throw new DomainError('ISSUANCE_CLOSED');
    }
    const authority = this.authority();
    if (!authority) throw new DomainError('SERVICE_UNAVAILABLE');
    return askCertificateAuthority(() => authority.issuance(enrollmentReference(application.id), options));
  }

  /**
   * What entering checks, read in one statement (issue 16 goal 6): the document types checked (RA-10),
   * the scheduled fee and the sum paid (RA-12).
   */
  private async entryNeeds(
    tx: EntityManager,
    application: CertificateApplication,
  ): Promise<{ checked: string[]; scheduled: number | null; paid: number }> {
    const [row] = await tx.getConnection().execute<{ checked: string[]; scheduled: number | null; paid: string }[]>(
      `select
        (select coalesce(json_agg("document_type"), '[]'::json) from "ra"."application_document"
          where "application_id" = ? and "checked_at" is not null) as "checked",
        (select "amount_fen" from "ra"."fee_schedule_entry" where "business_type" = ? and "certificate_kind" = ?) as "scheduled",
        (select coalesce(sum("amount_fen"), 0) from "ra"."payment" where "application_id" = ?) as "paid"`,
      [application.id, application.businessType, application.certificateKind, application.id],
      'all',
      tx.getTransactionContext(),
    );
    return { checked: row?.checked ?? [], scheduled: row?.scheduled ?? null, paid: Number(row?.paid ?? 0) };
  }

  /** RA-11: the same person never enters and reviews the same application. */
  private requireFourEyes(application: CertificateApplication, actor: Actor): void {
    if (application.enteredBy === actor.id || application.submittedBy === actor.id) {
      throw new DomainError('FOUR_EYES_REQUIRED');
    }
  }

  /** The task completion record (RA-13), not persisted: the step writes it. */
  private completionRecord(tx: EntityManager, application: CertificateApplication, by: string): TaskCompletionRecord {
    return tx.create(
      TaskCompletionRecord,
      {
        application,
        businessType: application.businessType,
        completedBy: by,
        steps: {
          submittedBy: application.submittedBy ?? null,
          agencyApprovedBy: application.agencyApprovedBy ?? null,
          enteredBy: application.enteredBy ?? null,
          reviewedBy: application.reviewedBy ?? null,
          issuedBy: application.issuedBy ?? null,
          archivedBy: application.archivedBy ?? null,
        },
      },
      { persist: false },
    );
  }

  /**
   * Writes the step's changes to the application under its optimistic lock (`version`), the rows the
   * step adds (`writes`: the outbox's messages, the completion record, the archive's file) and the step's
   * operation-log entry (RA-14), in one statement (issue 16 goal 6): the log entry exists exactly when
   * the update found the version the clerk saw, and otherwise the step fails with CONFLICT and its
   * transaction rolls back. The application is then clean, so the transaction's flush does not write
   * it again.
   */
  private async writeStep(
    tx: EntityManager,
    application: CertificateApplication,
    subscriber: Subscriber,
    operation: string,
    maker: string,
    writes: LoggedChange[],
  ): Promise<void> {
    const comparator = tx.getComparator();
    const unitOfWork = tx.getUnitOfWork();
    const changes = comparator.diffEntities(
      CertificateApplication.name,
      unitOfWork.getOriginalEntityData(application) ?? {},
      comparator.prepareEntity(application),
    );
    const updatedAt = new Date();
    const update = tx
      .createQueryBuilder(CertificateApplication)
      .update({ ...changes, updatedAt })
      .where({ id: application.id, version: application.version })
      .getKnexQuery()
      .returning('version')
      .toSQL();
    const written = await this.log.appendWith<{ version: number }>(
      tx,
      this.entry(application, subscriber, operation, maker),
      { sql: update.sql, bindings: update.bindings },
      writes,
    );
    if (!written) throw new DomainError('CONFLICT');
    application.version = written.changed.version;
    application.updatedAt = updatedAt;
    unitOfWork.merge(application);
  }

  private entry(
    application: CertificateApplication,
    subscriber: Subscriber,
    operation: string,
    maker: string,
  ): OperationRecord {
    return {
      at: this.now(),
      operation,
      applicationId: application.id,
      region: subscriber.region,
      project: defaultProject,
      businessType: application.businessType,
      unitName: subscriber.name,
      socialInsuranceNumber: subscriber.socialInsuranceNumber,
      ...loggedIdNumber(application),
      maker,
      reviewer: application.reviewedBy,
    };
  }
}
