import type { CertificateHierarchyValue, RevocationReasonValue } from '@tessera/kit';
import { CertificateType } from '../certificates/certificate.type';
import { UserType } from '../users/user.type';
import { nextEvents } from '../workflow/workflow';
import type { WorkflowEventValue } from '../workflow/workflow.type';
import type { ApplicationRow } from './application-rows';
import {
  type ApplicationStateValue,
  type BusinessTypeValue,
  CertificateApplicationType,
  type CertificateKindValue,
} from './certificate-application.type';

/** The GraphQL view of an application, from its entity or a plain row of the same fields. */
export function applicationView(application: ApplicationRow): CertificateApplicationType {
  const { subscriber } = application;
  return Object.assign(new CertificateApplicationType(), {
    id: application.id,
    businessType: application.businessType as BusinessTypeValue,
    certificateKind: application.certificateKind as CertificateKindValue,
    state: application.state as ApplicationStateValue,
    channel: application.channel,
    version: application.version,
    rejectionReason: application.rejectionReason ?? null,
    referenceCode: application.referenceCode ?? null,
    idNumber: application.idNumberMasked ?? null,
    submittedBy: application.submittedBy ?? null,
    enteredBy: application.enteredBy ?? null,
    reviewedBy: application.reviewedBy ?? null,
    createdAt: application.createdAt,
    updatedAt: application.updatedAt,
    subscriberId: subscriber?.id ?? null,
    applicant: application.applicantUserId ? Object.assign(new UserType(), { id: application.applicantUserId }) : null,
    certificate: application.certificateId
      ? Object.assign(new CertificateType(), { id: application.certificateId })
      : null,
    replacedCertificate: application.replacedCertificateId
      ? Object.assign(new CertificateType(), { id: application.replacedCertificateId })
      : null,
    mediumSerialNumber: application.mediumSerialNumber ?? null,
    dnsNames: application.dnsNames,
    email: application.email ?? null,
    hierarchy: application.hierarchy as CertificateHierarchyValue,
    revocationReason: (application.revocationReason as RevocationReasonValue | undefined) ?? null,
    reviewOfId: application.reviewOf ?? null,
    nextSteps: nextEvents(application.businessType, application.state).map((t) => t.event as WorkflowEventValue),
  });
}
