import type { BusinessType, CertificateKind } from '../applications/business-type';

/** The copies and forms a subscriber hands in (seed 002, 具体提交资料). */
export const documentTypes = [
  'organization_code_certificate',
  'business_license',
  'officer_id',
  'applicant_id',
  'icp_license',
  'application_form',
  'change_form',
  'unlock_form',
] as const;
export type DocumentType = (typeof documentTypes)[number];

const identityCopies: Record<CertificateKind, DocumentType[]> = {
  organization: ['organization_code_certificate', 'business_license', 'officer_id'],
  personal: ['applicant_id'],
  server: ['icp_license', 'organization_code_certificate', 'business_license', 'applicant_id'],
};

/** Renewal and unlock need only the officer's ID (a person's own ID for a personal certificate). */
const officerOnly: Record<CertificateKind, DocumentType[]> = {
  organization: ['officer_id'],
  personal: ['applicant_id'],
  server: ['officer_id'],
};

const form: Record<BusinessType, DocumentType> = {
  new: 'application_form',
  renewal: 'application_form',
  change: 'change_form',
  revocation: 'change_form',
  suspension: 'change_form',
  release: 'change_form',
  lost_reissue: 'change_form',
  damaged_replacement: 'change_form',
  unlock: 'unlock_form',
};

/** The required-document checklist of an application (RA-10), form first. */
export function requiredDocuments(type: BusinessType, kind: CertificateKind): DocumentType[] {
  const copies = type === 'renewal' || type === 'unlock' ? officerOnly[kind] : identityCopies[kind];
  return [form[type], ...copies];
}
