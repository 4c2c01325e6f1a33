import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, executePrepared } from '@tessera/kit';
import { storedSerialOf } from '../authority/serial-number';
import { normaliseNumber } from '../profiles/identity-extensions';
import type { CertificateState } from '../revocation/certificate-state';
import { Certificate } from './certificate.entity';
import { type CertificateRow, certificateRowColumns } from './certificate-rows';
import { subjectAttributeSql } from './subject-names';

export interface CertificateFilter {
  serialNumber?: string;
  holderUserId?: string;
  state?: CertificateState;
  /** notAfter within [expiresFrom, expiresUntil]. */
  expiresFrom?: Date;
  expiresUntil?: Date;
  authorityId?: string;
  /** Suspended, the current suspension having begun before this time ("suspended for more than N days"). */
  suspendedBefore?: Date;
  /** The subscriber's social-insurance number (社保编号). */
  insuranceNumber?: string;
  /** A unit's unified social credit code. */
  creditCode?: string;
}

/** How the public status query matches its term (CT-2). */
export type SubjectMatchMode = 'exact' | 'partial';

/**
 * The state of `certificateState` as a SQL condition at `now`, so a filter by state stays exact
 * without a stored state column that could go stale (CT-2).
 */
function stateCondition(state: CertificateState, now: Date): FilterQuery<Certificate> {
  const issuedAndActive = { issuedAt: { $ne: null }, revokedAt: null };
  switch (state) {
    case 'newApplication':
      return { issuedAt: null };
    case 'suspended':
      return { issuedAt: { $ne: null }, revocationReason: 'certificateHold' };
    case 'revoked':
      return { issuedAt: { $ne: null }, revokedAt: { $ne: null }, revocationReason: { $ne: 'certificateHold' } };
    case 'cancelled':
      return { ...issuedAndActive, $or: [{ notAfter: { $lt: now } }, { notBefore: { $gt: now } }] };
    case 'inUse':
      return { ...issuedAndActive, notBefore: { $lte: now }, notAfter: { $gte: now } };
  }
}

/** Administrators' ad-hoc query (CT-2): by serial, subscriber, state, expiry window and issuing CA. */
export async function searchCertificates(
  em: EntityManager,
  filter: CertificateFilter,
  page: { first: number; offset: number },
  now: Date,
): Promise<[Certificate[], number]> {
  const conditions: FilterQuery<Certificate>[] = [];
  if (filter.serialNumber) {
    const serialNumber = storedSerialOf(filter.serialNumber);
    if (!serialNumber) throw new DomainError('BAD_USER_INPUT', { detail: 'serialNumber must be hexadecimal' });
    conditions.push({ serialNumber });
  }
  if (filter.holderUserId) conditions.push({ holderUserId: filter.holderUserId });
  if (filter.authorityId) conditions.push({ authorityId: filter.authorityId });
  if (filter.insuranceNumber) conditions.push({ insuranceNumber: normaliseNumber(filter.insuranceNumber) });
  if (filter.creditCode) conditions.push({ creditCode: normaliseNumber(filter.creditCode) });
  if (filter.expiresFrom) conditions.push({ notAfter: { $gte: filter.expiresFrom } });
  if (filter.expiresUntil) conditions.push({ notAfter: { $lte: filter.expiresUntil } });
  if (filter.state) conditions.push(stateCondition(filter.state, now));
  // A hold sets revokedAt to when it began; a release clears it; a later revocation keeps it.
  if (filter.suspendedBefore) {
    conditions.push({ revocationReason: 'certificateHold', revokedAt: { $lt: filter.suspendedBefore } });
  }
  return em.findAndCount(Certificate, conditions.length ? { $and: conditions } : {}, {
    orderBy: { notAfter: 'asc', id: 'asc' },
    limit: page.first,
    offset: page.offset,
  });
}

/** A page of the public status query and how many certificates match in all. */
export type StatusPage = [CertificateRow[], number];

/**
 * A page and its total in one prepared statement of the hot path (issue 16): the matches are found
 * once, counted by a window over all of them, and only the page's rows sorted out (top-N). A page
 * past the last match has no row to carry the total: only then is it counted apart.
 */
async function statusPage(
  em: EntityManager,
  condition: string,
  params: unknown[],
  page: { first: number; offset: number },
): Promise<StatusPage> {
  const rows = await executePrepared<CertificateRow & { total: number }>(em, {
    sql: `select ${certificateRowColumns}, count(*) over ()::int as "total"
      from "certificate"."certificate" where ${condition}
      order by "not_after" desc, "id" asc limit ? offset ?`,
    params: [...params, page.first, page.offset],
    dates: true,
  });
  if (rows.length === 0 && page.offset > 0) {
    const [counted] = await executePrepared<{ total: number }>(em, {
      sql: `select count(*)::int as "total" from "certificate"."certificate" where ${condition}`,
      params,
    });
    return [[], counted?.total ?? 0];
  }
  return [rows.map(({ total: _, ...row }) => row), rows[0]?.total ?? 0];
}

/** The exact match by a name (CT-2): the subject's CN or O, as their expression indexes hold them. */
export const exactNameCondition = `${subjectAttributeSql('CN')} = ? or ${subjectAttributeSql('O')} = ?`;

/**
 * The public status query (CT-2), newest validity first. Exact: the term is a person's or a
 * unit's name, equal to the subject's CN or O (an index lookup on each). Partial: the term is
 * any part of the subject DN, case-insensitively (the trigram index).
 */
export function searchBySubject(
  em: EntityManager,
  term: string,
  match: SubjectMatchMode,
  page: { first: number; offset: number },
): Promise<StatusPage> {
  return match === 'exact'
    ? statusPage(em, exactNameCondition, [term, term], page)
    : statusPage(em, '"subject" ilike ?', [`%${term.replace(/[\\%_]/g, '\\$&')}%`], page);
}

/**
 * The public status query by a subscriber's number (CT-2): the social-insurance number of a person
 * or unit, or a unit's credit code, matched exactly (an index lookup; no partial match, so the
 * numbers cannot be enumerated), newest validity first.
 */
export function searchByNumber(
  em: EntityManager,
  number: string,
  page: { first: number; offset: number },
): Promise<StatusPage> {
  const term = normaliseNumber(number) ?? '';
  return statusPage(em, '"insurance_number" = ? or "credit_code" = ?', [term, term], page);
}
