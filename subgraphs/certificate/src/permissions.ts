import { type IRules, rules } from '@tessera/kit';
import { certificateAuthorityPermissions } from './authority/certificate-authority.permissions';
import type { CertificateType } from './certificates/certificate.type';
import { ekeyPermissions } from './ekeys/ekey.permissions';
import { kmcPermissions } from './kmc/kmc.permissions';
import { signInCertificatePermissions } from './sign-in-certificates/sign-in-certificates.permissions';
import type { UserType } from './users/user.type';

const self = rules.ownerOf<UserType>('certificate.User', (user) => user.id);
const holder = rules.ownerOf<CertificateType>('certificate.Certificate', (certificate) => certificate.holderUserId);
/** Status changes come from the RA once an application is approved, or from an administrator. */
const statusChange = rules.or(rules.service('ra'), rules.staffWith('ADMINISTRATOR'));

/**
 * CT-2: serial, subject, kind, usage, validity and state of a certificate are public, also through
 * `_entities`; the certificate itself and when its suspension began only to its holder and staff.
 */
const certificateRules: IRules = {
  Query: {
    certificate: rules.staff,
    certificateStatus: rules.allow,
    certificateStatusByNumber: rules.allow,
    certificates: rules.staff,
    supportEntries: rules.allow,
    /** RA item 14: the RA asks again what an application's enrollment issued. */
    enrollmentIssuance: rules.service('ra'),
  },
  Mutation: {
    createEnrollment: rules.service('ra'),
    redeemEnrollment: rules.allow,
    revokeCertificate: statusChange,
    suspendCertificate: statusChange,
    releaseCertificate: statusChange,
  },
  Certificate: { '*': rules.allow, pem: rules.or(holder, rules.staff), suspendedAt: rules.or(holder, rules.staff) },
  CertificateStatusPage: rules.allow,
  EnrollmentCodes: rules.allow,
  RedeemedCertificate: rules.allow,
  SupportEntry: rules.allow,
  User: { certificates: rules.or(self, rules.staff) },
};

/**
 * With the rules of EKey media (CT-3, RA-6): unlock by the RA service only; of key management
 * (CT-1): recovery opened by an administrator, approved by an auditor; and of the CAs: rollover by an
 * administrator.
 */
export const certificatePermissions = rules.mergeRules(
  certificateRules,
  ekeyPermissions,
  kmcPermissions,
  certificateAuthorityPermissions,
  signInCertificatePermissions,
);
