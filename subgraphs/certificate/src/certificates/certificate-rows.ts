import { executePrepared, type GraphContext } from '@tessera/kit';
import type { Certificate } from './certificate.entity';

/** What a certificate's GraphQL view is made of: its entity's fields, or the same read as a plain row. */
export type CertificateRow = Pick<
  Certificate,
  | 'id'
  | 'serialNumber'
  | 'subject'
  | 'kind'
  | 'usage'
  | 'notBefore'
  | 'notAfter'
  | 'holderUserId'
  | 'authorityId'
  | 'issuedAt'
  | 'revokedAt'
  | 'revocationReason'
>;

/** The columns of a `CertificateRow`, named as its fields (no DER: `pem` reads it when asked). */
export const certificateRowColumns = `"id", "serial_number" as "serialNumber", "subject", "kind", "usage",
  "not_before" as "notBefore", "not_after" as "notAfter", "holder_user_id" as "holderUserId",
  "authority_id" as "authorityId", "issued_at" as "issuedAt", "revoked_at" as "revokedAt",
  "revocation_reason" as "revocationReason"`;

const byIds = `select ${certificateRowColumns} from "certificate"."certificate" where "id" = any(?::uuid[])`;

/**
 * Certificates by id for reading (`certificate(id)`, `_entities`): the request's ids batched into
 * one prepared statement, plain rows.
 */
export function certificateRows(ctx: GraphContext) {
  return ctx.loaders.rowsById<CertificateRow>(byIds);
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ofHolders = `select ${certificateRowColumns} from "certificate"."certificate"
  where "holder_user_id" = any(?::uuid[]) order by "not_after" desc, "id" asc`;

/** The certificates each person holds (`User.certificates`), newest validity first: one prepared statement per batch. */
export function certificatesOfHolders(ctx: GraphContext) {
  return ctx.loaders.batched('certificates-of-holders', async (holders) => {
    const keys = holders.filter((holder) => uuid.test(holder));
    const rows = keys.length
      ? await executePrepared<CertificateRow>(ctx.em, { sql: ofHolders, params: [keys], dates: true })
      : [];
    const groups = new Map<string, CertificateRow[]>(holders.map((holder) => [holder, []]));
    for (const row of rows) groups.get(row.holderUserId as string)?.push(row);
    return holders.map((holder) => groups.get(holder) ?? []);
  });
}
