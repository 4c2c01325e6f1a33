import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
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
  const fields = [
    previousHash,
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
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

export interface ChainVerification {
  intact: boolean;
  checked: number;
  /** The first entry whose hash or link does not match, if any. */
  firstBrokenSequence?: string;
}

/**
 * The append-only, hash-chained operation log (RA-14). Appends run inside the caller's
 * transaction, serialised by an advisory lock so that concurrent appends never fork the chain.
 */
export class OperationLog {
  async append(em: EntityManager, record: OperationRecord): Promise<OperationLogEntry> {
    await em
      .getConnection()
      .execute("select pg_advisory_xact_lock(hashtext('ra.operation_log'))", [], 'all', em.getTransactionContext());
    const [last] = await em.find(OperationLogEntry, {}, { orderBy: { sequence: 'desc' }, limit: 1 });
    const previousHash = last?.hash ?? genesisHash;
    const entry = em.create(OperationLogEntry, { ...record, previousHash, hash: entryHash(previousHash, record) });
    await em.flush();
    return entry;
  }

  /** Walks the whole chain in order and reports the first broken link. */
  async verify(em: EntityManager, batchSize = 1000): Promise<ChainVerification> {
    let previousHash = genesisHash;
    let checked = 0;
    let after = '0';
    for (;;) {
      const batch = await em.find(
        OperationLogEntry,
        { sequence: { $gt: after } },
        { orderBy: { sequence: 'asc' }, limit: batchSize },
      );
      for (const entry of batch) {
        if (entry.previousHash !== previousHash || entry.hash !== entryHash(previousHash, entry)) {
          return { intact: false, checked, firstBrokenSequence: String(entry.sequence) };
        }
        previousHash = entry.hash;
        checked += 1;
      }
      if (batch.length < batchSize) return { intact: true, checked };
      after = String((batch[batch.length - 1] as OperationLogEntry).sequence);
      em.clear();
    }
  }
}
