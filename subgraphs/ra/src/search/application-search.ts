import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '@tessera/kit';
import { CertificateApplication } from '../applications/certificate-application.entity';
import type { ApplicationState } from '../workflow/workflow';

/** The longest search text taken; a name, number or code is far shorter. */
export const maxSearchLength = 100;
/** An application number as printed (`申请编号`), whole or its first eight or more characters. */
const applicationNumber = /^[0-9a-f]{8}[0-9a-f-]{0,28}$/;

export interface SearchOptions {
  /** Only applications in this state (a queue). */
  state?: ApplicationState;
  first?: number;
}

function likePattern(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Issue 17 item 7: one search for every desk, by what the clerk has in hand: part of the subscriber's
 * name (unit or person), the social-insurance number (from its start), the unified social credit code
 * (any case), or the application number printed on the form (from its first eight characters).
 * The most recently moved applications first.
 */
export async function searchApplications(
  em: EntityManager,
  text: string,
  options: SearchOptions = {},
): Promise<CertificateApplication[]> {
  const wanted = text.trim();
  if (wanted.length === 0 || wanted.length > maxSearchLength) {
    throw new DomainError('BAD_USER_INPUT', { detail: 'text' });
  }
  const lower = wanted.toLowerCase();
  const limit = Math.min(Math.max(options.first ?? 20, 1), 100);
  const rows = await em.getConnection().execute<{ id: string }[]>(
    `select a."id" from "ra"."certificate_application" a
      join "ra"."subscriber" s on s."id" = a."subscriber_id"
      where (s."name" ilike ? escape '\\'
        or s."social_insurance_number" like ? escape '\\'
        or upper(s."credit_code") = ?
        or (?::text is not null and a."id"::text like ?))
        and (?::text is null or a."state" = ?)
      order by a."updated_at" desc, a."id"
      limit ?`,
    [
      `%${likePattern(wanted)}%`,
      `${likePattern(wanted)}%`,
      wanted.toUpperCase(),
      applicationNumber.test(lower) ? lower : null,
      `${lower}%`,
      options.state ?? null,
      options.state ?? null,
      limit,
    ],
    'all',
    em.getTransactionContext(),
  );
  if (rows.length === 0) return [];
  const found = await em.find(CertificateApplication, { id: rows.map((r) => r.id) }, { populate: ['subscriber'] });
  const order = new Map(rows.map((r, i) => [r.id, i]));
  return found.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
}
