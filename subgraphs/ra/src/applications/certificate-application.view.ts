import { CertificateType } from '../certificates/certificate.type';
import { UserType } from '../users/user.type';
import type { CertificateApplication } from './certificate-application.entity';
import { type BusinessTypeValue, CertificateApplicationType } from './certificate-application.type';

export function applicationView(application: CertificateApplication): CertificateApplicationType {
  return Object.assign(new CertificateApplicationType(), {
    id: application.id,
    businessType: application.businessType as BusinessTypeValue,
    state: application.state,
    createdAt: application.createdAt,
    applicant: application.applicantUserId ? Object.assign(new UserType(), { id: application.applicantUserId }) : null,
    certificate: application.certificateId
      ? Object.assign(new CertificateType(), { id: application.certificateId })
      : null,
  });
}
