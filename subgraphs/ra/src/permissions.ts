import { type IRules, rules } from '@tessera/kit';
import type { CertificateApplicationType } from './applications/certificate-application.type';
import type { UserType } from './users/user.type';

const self = rules.ownerOf<UserType>('ra.User', (user) => user.id);
const applicant = rules.ownerOf<CertificateApplicationType>('ra.CertificateApplication', (a) => a.applicant?.id);

export const raPermissions: IRules = {
  Query: { application: rules.authenticated },
  CertificateApplication: rules.or(applicant, rules.staff),
  User: { applications: rules.or(self, rules.staff) },
  /** The application's own fields decide who reads it (its applicant or staff). */
  Certificate: { application: rules.authenticated },
};
