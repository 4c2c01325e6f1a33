import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, type ErrorCode, verifyTimeStampToken } from '@tessera/kit';
import { OperationLogAnchor } from './operation-log-anchor.entity';
import { OperationLogEntry } from './operation-log-entry.entity';

export const genesisHash = '0'.repeat(64);
export const defaultProject = 'social-insurance-certificates';

export type OperationRecord = Omit<OperationLogEntry, 'sequence' | 'previousHash' | 'hash'>;

/** RA-14: the ID number an application carries, as each of its log entries records it. */
export function loggedIdNumber(application: {
  idNumberMasked?: string;
  idNumberIndex?: string;
}): Pick<OperationRecord, 'idNumber' | 'idNumberIndex'> {
  return { idNumber: application.idNumberMasked, idNumberIndex: application.idNumberIndex };
}

/**
 * The hash of an entry: its fields in a fixed order, chained to the previous entry's hash. `detail`
 * and the ID number's keyed hash are appended only when present (the latter tagged, so it can never
 * be read as a detail), so entries written before they existed keep their hashes.
 */
export function entryHash(previousHash: string, entry: OperationRecord): string {
  return createHash('sha256')
    .update(JSON.stringify([previousHash, ...entryFields(entry)]))
    .digest('hex');
}

/** What an entry's hash covers after the previous entry's hash, in order. */
function entryFields(entry: OperationRecord): unknown[] {
  return [
    entry.at.toISOString(),
    entry.operation,
    entry.applicationId ?? null,
    entry.region ?? null,
    entry.project,
    entry.businessType ?? null,
    entry.unitName ?? null,
    entry.socialInsuranceNumber ?? null,
    entry.idNumber ?? null,
    entry.maker,
    entry.reviewer ?? null,
    ...(entry.detail ? [entry.detail] : []),
    ...(entry.idNumberIndex ? [{ idNumberIndex: entry.idNumberIndex }] : []),
  ];
}

/**
 * One append in one statement (issue 16 goal 6): the head row's update takes its row lock (an append
 * that waited re-reads the row the first one committed) and computes the new hash in SQL exactly as
 * `entryHash` does: the JSON array of the previous hash and `entryFields`, whose text after the
 * opening bracket is the first parameter; the entry is inserted with the head's old and new hash.
 *
 * With a `change` (a data-modifying statement with a RETURNING clause, e.g. the application's update
 * under its optimistic lock), the change runs in the same statement and the entry is appended only
 * if the change returned a row: a change that found nothing leaves the log alone. `also` are further
 * data-modifying statements of the same transaction (rows the change adds); they run regardless, so
 * a caller whose change found nothing must roll back. A missing head row fails the insert (its hashes
 * are not null) rather than losing the entry.
 */
function appendStatement(change?: string, also: readonly string[] = []): string {
  const head = `head as (
    update "ra"."operation_log_head"
    set "previous_hash" = "hash", "hash" = encode(sha256(convert_to('["' || "hash" || '",' || ?::text, 'UTF8')), 'hex')
    where "id" = 1${change ? ' and exists (select 1 from change)' : ''}
    returning "previous_hash", "hash"
  )`;
  const changes = change ? [`change as (${change})`, ...also.map((sql, i) => `also${i} as (${sql})`)] : [];
  return `with ${changes.map((c) => `${c}, `).join('')}${head}
  insert into "ra"."operation_log_entry" ("at", "operation", "application_id", "region", "project", "business_type",
    "unit_name", "social_insurance_number", "id_number", "id_number_index", "maker", "reviewer", "detail",
    "previous_hash", "hash")
  select ?::timestamptz, ?::text, ?::uuid, ?::text, ?::text, ?::text, ?::text, ?::text, ?::text, ?::text, ?::text,
    ?::text, ?::text, head."previous_hash", head."hash"
  from ${change ? '(select 1 from change limit 1) changed left join head on true' : 'head'}
  returning "sequence", "previous_hash", "hash"${change ? ', (select row_to_json(change) from change limit 1) as "changed"' : ''}`;
}

/** The entry as appended: its place in the chain. */
export interface AppendedEntry {
  sequence: string;
  previousHash: string;
  hash: string;
}

/** A data-modifying statement (ending in RETURNING) and its parameters, sent with an append. */
export interface LoggedChange {
  sql: string;
  bindings: readonly unknown[];
}

export interface ChainVerification {
  intact: boolean;
  checked: number;
  /** The first entry whose hash or link does not match, if any. */
  firstBrokenSequence?: string;
  /** Time-stamp anchors found valid for the chain as it is (issue 15 item 4). */
  anchorsChecked: number;
  /** The first anchor the chain no longer matches (a rewrite of the whole chain), if any. */
  brokenAnchor?: BrokenAnchor;
  /** When the newest anchor checked was stamped (genTime). */
  lastAnchoredAt?: Date;
}

/** An anchor that fails: which, the entry it stamped, and why (a catalogue code). */
export interface BrokenAnchor {
  id: string;
  sequence: string;
  genTime: Date;
  code: ErrorCode;
  /** What the token check found, when it says (the `problem` of TIMESTAMP_INVALID and TIMESTAMP_UNTRUSTED). */
  problem?: string;
}

/**
 * The append-only, hash-chained operation log (RA-14). Appends run inside the caller's
 * transaction, serialised by the head row's lock (`OperationLogHead`) so that concurrent appends
 * never fork the chain.
 */
export class OperationLog {
  async append(em: EntityManager, record: OperationRecord): Promise<AppendedEntry> {
    const [row] = await this.send(em, record);
    if (!row) throw new Error('The operation log has no head row (migration 0013): nothing was appended');
    return appended(row);
  }

  /**
   * Makes `change` and appends `record` in one statement; answers the entry and the change's first
   * returned row (its columns as JSON), or null when the change returned no row and nothing was logged.
   */
  async appendWith<T>(
    em: EntityManager,
    record: OperationRecord,
    change: LoggedChange,
    also: readonly LoggedChange[] = [],
  ): Promise<(AppendedEntry & { changed: T }) | null> {
    const [row] = await this.send(em, record, change, also);
    return row ? { ...appended(row), changed: row.changed as T } : null;
  }

  private send(
    em: EntityManager,
    record: OperationRecord,
    change?: LoggedChange,
    also: readonly LoggedChange[] = [],
  ): Promise<{ sequence: string; previous_hash: string; hash: string; changed?: unknown }[]> {
    return em.getConnection().execute(
      appendStatement(
        change?.sql,
        also.map((c) => c.sql),
      ),
      [
        ...(change?.bindings ?? []),
        ...also.flatMap((c) => c.bindings),
        JSON.stringify(entryFields(record)).slice(1),
        record.at.toISOString(),
        record.operation,
        record.applicationId ?? null,
        record.region ?? null,
        record.project,
        record.businessType ?? null,
        record.unitName ?? null,
        record.socialInsuranceNumber ?? null,
        record.idNumber ?? null,
        record.idNumberIndex ?? null,
        record.maker,
        record.reviewer ?? null,
        record.detail ?? null,
      ],
      'all',
      em.getTransactionContext(),
    );
  }

  /**
   * Walks the whole chain in order and reports the first broken link; with the TSA's trust anchors (the issuing
   * CAs), also every time-stamp anchor: its token must be valid and stamp the hash of its entry as the chain is
   * now, so that even a rewrite of the whole chain, every hash recomputed, is found (issue 15 item 4).
   */
  async verify(em: EntityManager, batchSize = 1000, trustAnchors?: Buffer[]): Promise<ChainVerification> {
    const anchors = trustAnchors
      ? await em.find(OperationLogAnchor, {}, { orderBy: { sequence: 'asc', createdAt: 'asc' } })
      : [];
    let next = 0;
    let anchorsChecked = 0;
    let lastAnchoredAt: Date | undefined;
    let previousHash = genesisHash;
    let checked = 0;
    let after = '0';
    const broken = (anchor: OperationLogAnchor, code: ErrorCode, problem?: string): ChainVerification => ({
      intact: false,
      checked,
      anchorsChecked,
      brokenAnchor: {
        id: anchor.id,
        sequence: String(anchor.sequence),
        genTime: anchor.genTime,
        code,
        ...(problem ? { problem } : {}),
      },
    });
    for (;;) {
      const batch = await em.find(
        OperationLogEntry,
        { sequence: { $gt: after } },
        { orderBy: { sequence: 'asc' }, limit: batchSize },
      );
      for (const entry of batch) {
        if (entry.previousHash !== previousHash || entry.hash !== entryHash(previousHash, entry)) {
          return { intact: false, checked, firstBrokenSequence: String(entry.sequence), anchorsChecked };
        }
        previousHash = entry.hash;
        checked += 1;
        for (let anchor = anchors[next]; anchor && BigInt(anchor.sequence) <= BigInt(entry.sequence); ) {
          // An anchor of an entry the log no longer has: lines were taken out.
          if (BigInt(anchor.sequence) < BigInt(entry.sequence))
            return broken(anchor, 'OPERATION_LOG_ANCHOR_ENTRY_MISSING');
          const failure = anchorFailure(anchor, entry.hash, trustAnchors ?? []);
          if (failure) return broken(anchor, failure.code, failure.problem);
          anchorsChecked += 1;
          lastAnchoredAt = anchor.genTime;
          next += 1;
          anchor = anchors[next];
        }
      }
      if (batch.length < batchSize) break;
      after = String((batch[batch.length - 1] as OperationLogEntry).sequence);
      em.clear();
    }
    const beyond = anchors[next];
    if (beyond) return broken(beyond, 'OPERATION_LOG_ANCHOR_ENTRY_MISSING');
    return { intact: true, checked, anchorsChecked, ...(lastAnchoredAt ? { lastAnchoredAt } : {}) };
  }
}

function appended(row: { sequence: string; previous_hash: string; hash: string }): AppendedEntry {
  return { sequence: String(row.sequence), previousHash: row.previous_hash, hash: row.hash };
}

/** Why an anchor's token does not hold for the entry hash `hash` (a catalogue code), or undefined when it does. */
function anchorFailure(
  anchor: OperationLogAnchor,
  hash: string,
  trustAnchors: Buffer[],
): { code: ErrorCode; problem?: string } | undefined {
  try {
    verifyTimeStampToken(anchor.token, { digest: Buffer.from(hash, 'hex'), trustAnchors });
    return undefined;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const { problem } = error.extensions;
    return { code: error.code, problem: typeof problem === 'string' ? problem : undefined };
  }
}
