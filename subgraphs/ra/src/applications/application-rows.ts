import type { GraphContext } from '@tessera/kit';
import type { CertificateApplication } from './certificate-application.entity';

/** What an application's GraphQL view is made of: its entity's fields, or the same read as a plain row. */
export type ApplicationRow = Pick<
  CertificateApplication,
  | 'id'
  | 'businessType'
  | 'certificateKind'
  | 'state'
  | 'channel'
  | 'version'
  | 'rejectionReason'
  | 'referenceCode'
  | 'idNumberMasked'
  | 'submittedBy'
  | 'enteredBy'
  | 'reviewedBy'
  | 'createdAt'
  | 'updatedAt'
  | 'applicantUserId'
  | 'certificateId'
  | 'replacedCertificateId'
  | 'mediumSerialNumber'
  | 'dnsNames'
  | 'email'
  | 'hierarchy'
  | 'revocationReason'
  | 'reviewOf'
> & { subscriber?: { id: string } | null };

/** The columns of an `ApplicationRow`, named as its fields (the subscriber as the reference the entity holds). */
const byIds = `select "id", "business_type" as "businessType", "certificate_kind" as "certificateKind", "state",
  "channel", "version", "rejection_reason" as "rejectionReason", "reference_code" as "referenceCode",
  "id_number_masked" as "idNumberMasked", "submitted_by" as "submittedBy", "entered_by" as "enteredBy",
  "reviewed_by" as "reviewedBy", "created_at" as "createdAt", "updated_at" as "updatedAt",
  "applicant_user_id" as "applicantUserId", "certificate_id" as "certificateId",
  "replaced_certificate_id" as "replacedCertificateId", "medium_serial_number" as "mediumSerialNumber",
  "dns_names" as "dnsNames", "email", "hierarchy", "revocation_reason" as "revocationReason", "review_of" as "reviewOf",
  case when "subscriber_id" is null then null else json_build_object('id', "subscriber_id") end as "subscriber"
  from "ra"."certificate_application" where "id" = any(?::uuid[])`;

/** Applications by id for reading (`application(id)`, `_entities`): one prepared statement per batch, plain rows. */
export function applicationRows(ctx: GraphContext) {
  return ctx.loaders.rowsById<ApplicationRow>(byIds);
}
