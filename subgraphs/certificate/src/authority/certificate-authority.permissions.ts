import { type IRules, rules } from '@tessera/kit';

/**
 * The CAs are read by administrators and auditors; only an administrator rolls an issuing CA over (the
 * rollover is recorded on the new CA, `createdBy`, and logged for audit).
 */
export const certificateAuthorityPermissions: IRules = {
  Query: { certificateAuthorities: rules.staffWith('ADMINISTRATOR', 'AUDITOR') },
  Mutation: { rolloverIssuingCa: rules.staffWith('ADMINISTRATOR') },
  CertificateAuthority: rules.staffWith('ADMINISTRATOR', 'AUDITOR'),
};
