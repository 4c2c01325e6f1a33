import { DomainError, type GraphContext, type IRules, rules } from '@tessera/kit';
import { CertificateApplication } from './applications/certificate-application.entity';
import type { CertificateApplicationType } from './applications/certificate-application.type';
import type { SubscriberType } from './subscribers/subscriber.type';
import type { UserType } from './users/user.type';

const self = rules.ownerOf<UserType>('ra.User', (user) => user.id);
const applicant = rules.ownerOf<CertificateApplicationType>('ra.CertificateApplication', (a) => a.applicant?.id);
const subscriberOwner = rules.ownerOf<SubscriberType>('ra.Subscriber', (s) => s.userId);
const entryClerk = rules.staffWith('ENTRY_CLERK');
const administrator = rules.staffWith('ADMINISTRATOR');
const issuingClerk = rules.staffWith('ISSUING_CLERK');
const oversight = rules.staffWith('ADMINISTRATOR', 'AUDITOR');
/** Paper archives and completion records (RA-13, RA-16): the archive clerk, and oversight. */
const archivist = rules.staffWith('ARCHIVE_CLERK', 'ADMINISTRATOR', 'AUDITOR');
/** Printable paper (issue 17 item 8): the clerks who handle applications print their forms. */
const applicationClerks = rules.staffWith(
  'ENTRY_CLERK',
  'REVIEW_CLERK',
  'ISSUING_CLERK',
  'ARCHIVE_CLERK',
  'ADMINISTRATOR',
);
/** The task completion record is filled by the issuing clerk and filed by the archive clerk (RA-13). */
const taskRecorders = rules.staffWith('ISSUING_CLERK', 'ARCHIVE_CLERK', 'ADMINISTRATOR', 'AUDITOR');
/** Issue 17 item 7: the search by name, numbers and codes serves the RA's desks and oversight, not customer service. */
const applicationSearchers = rules.staffWith(
  'AGENCY_APPROVER',
  'ENTRY_CLERK',
  'REVIEW_CLERK',
  'ISSUING_CLERK',
  'ARCHIVE_CLERK',
  'ADMINISTRATOR',
  'AUDITOR',
);
const archiveClerk = rules.staffWith('ARCHIVE_CLERK');
/** Consultation records are the service agents' paper (CS-1). */
const consultationReaders = rules.staffWith('SERVICE_AGENT', 'ADMINISTRATOR', 'AUDITOR');

/**
 * RA-11 at the door: whoever entered (or submitted) an application may not approve or reject it.
 * The application service checks the same rule; this refuses the request before it runs.
 */
const fourEyes = rules.rule('ra.fourEyes', { cache: 'strict' })(
  async (_parent, args: { input?: { applicationId?: string; event?: string } }, ctx: GraphContext) => {
    const { applicationId, event } = args.input ?? {};
    if (!applicationId || (event !== 'approve' && event !== 'reject')) return true;
    if (ctx.viewer.kind === 'anonymous') return new DomainError('UNAUTHENTICATED');
    // Loaded as the step loads it (with its subscriber), so the step finds it in the identity map.
    const application = await ctx.em.findOne(
      CertificateApplication,
      { id: applicationId },
      { populate: ['subscriber'] },
    );
    if (!application) return true;
    const viewer = ctx.viewer.subject;
    return application.enteredBy === viewer || application.submittedBy === viewer
      ? new DomainError('FOUR_EYES_REQUIRED')
      : true;
  },
);

/** Who may do what in the RA (README: "RA permissions"). Anything not named here is denied. */
export const raPermissions: IRules = {
  Query: {
    application: rules.authenticated,
    applications: rules.staff,
    applicationIssuance: issuingClerk,
    renewalWindowDays: rules.authenticated,
    applicationWorkflow: rules.authenticated,
    requiredDocuments: rules.allow,
    feeSchedule: rules.allow,
    subscriber: rules.staff,
    subscribers: rules.staff,
    mySubscribers: rules.citizen,
    subscriberRegister: administrator,
    operationLog: oversight,
    verifyOperationLog: oversight,
    operationLogAnchors: oversight,
    archiveCabinets: archivist,
    archiveBox: archivist,
    archivedFile: archivist,
    taskCompletionRecords: archivist,
    documentFile: rules.staff,
    applicationFormPdf: applicationClerks,
    taskCompletionRecordPdf: taskRecorders,
    archiveBoxLabelPdf: archivist,
    consultationRecordPdf: consultationReaders,
    undeliveredCertificateAuthorityCalls: oversight,
    searchApplications: applicationSearchers,
    nextApplication: rules.staff,
  },
  Mutation: {
    registerSubscriber: rules.or(rules.citizen, entryClerk),
    submitApplication: rules.or(rules.citizen, entryClerk),
    stepApplication: rules.and(rules.staff, fourEyes),
    uploadDocument: entryClerk,
    checkDocument: entryClerk,
    recordPayment: entryClerk,
    setFee: administrator,
    retryCertificateAuthorityCall: administrator,
    settleCertificateAuthorityCall: administrator,
    anchorOperationLog: oversight,
    archiveApplications: archiveClerk,
  },
  CertificateApplication: {
    '*': rules.or(applicant, rules.staff),
    /** RA item 12: why an application is stuck at the CA, for the clerks who handle it. */
    certificateAuthorityCall: rules.staff,
  },
  Subscriber: rules.or(subscriberOwner, rules.staff),
  ChecklistItem: rules.allow,
  ApplicationFee: rules.allow,
  ArchiveLocation: rules.allow,
  WorkflowTransition: rules.allow,
  FeeScheduleEntry: rules.allow,
  Payment: rules.allow,
  RegisterExport: administrator,
  OperationLogEntry: oversight,
  OperationLogVerification: oversight,
  OperationLogAnchor: oversight,
  OperationLogBrokenAnchor: oversight,
  ArchiveCabinet: archivist,
  ArchiveBox: archivist,
  ArchiveBoxLabel: archivist,
  ArchivedFile: archivist,
  ArchiveOutcome: archiveClerk,
  ItemError: rules.allow,
  TaskCompletionRecordPage: archivist,
  TaskCompletionRecord: archivist,
  TaskSteps: archivist,
  DocumentFile: rules.staff,
  PrintedDocument: rules.staff,
  ApplicationIssuance: issuingClerk,
  IssuedEncryptionKey: issuingClerk,
  CertificateAuthorityCall: rules.staff,
  User: { applications: rules.or(self, rules.staff) },
  /** The application's own fields decide who reads it (its applicant or staff). */
  Certificate: { application: rules.authenticated },
};
