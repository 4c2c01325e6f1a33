import type { EntityManager } from '@mikro-orm/postgresql';
import { verifyTimeStampToken } from '@tessera/kit';
import { OperationLogAnchor } from './operation-log-anchor.entity';
import { OperationLogEntry } from './operation-log-entry.entity';
import type { TimeStamps } from './time-stamps';

/** Who the daily job's anchors are made by. */
export const scheduledAnchoring = 'scheduled';

/**
 * Anchors the head of the operation log (RA-14) with a time-stamp token of the certificate subgraph's TSA
 * (issue 15 item 4): every day (the `operation-log-anchor` job, when entries were added since the last anchor)
 * and when an auditor or administrator asks. `OperationLog.verify` checks every anchor against the chain.
 */
export class OperationLogAnchoring {
  constructor(
    private readonly em: EntityManager,
    readonly timeStamps: TimeStamps,
  ) {}

  /** Stamps the current head; null while the log is empty. */
  async anchor(anchoredBy: string): Promise<OperationLogAnchor | null> {
    const em = this.em.fork();
    const [head] = await em.find(OperationLogEntry, {}, { orderBy: { sequence: 'desc' }, limit: 1 });
    if (!head) return null;
    // The chain hash is a SHA-256 digest already: it is the token's imprint as it is.
    const token = await this.timeStamps.stamp(Buffer.from(head.hash, 'hex'));
    const stamped = verifyTimeStampToken(token, {
      digest: Buffer.from(head.hash, 'hex'),
      trustAnchors: await this.timeStamps.trustAnchors(),
    });
    const anchor = em.create(OperationLogAnchor, {
      sequence: String(head.sequence),
      headHash: head.hash,
      token,
      genTime: stamped.genTime,
      tsaSerialNumber: stamped.serialNumber,
      anchoredBy,
    });
    await em.flush();
    return anchor;
  }

  /** The daily run: a new anchor unless the head has one already (nothing was logged since). */
  async anchorDaily(): Promise<OperationLogAnchor | null> {
    const em = this.em.fork();
    const [head] = await em.find(OperationLogEntry, {}, { orderBy: { sequence: 'desc' }, limit: 1 });
    if (!head) return null;
    if (await em.count(OperationLogAnchor, { sequence: String(head.sequence) })) return null;
    return this.anchor(scheduledAnchoring);
  }

  /** The anchors, newest first. */
  async list(limit: number): Promise<OperationLogAnchor[]> {
    return this.em.fork().find(OperationLogAnchor, {}, { orderBy: { sequence: 'desc', createdAt: 'desc' }, limit });
  }
}

/** The RA's anchoring, set at start (index.ts); the resolvers and the verification reach it here. */
export const operationLogAnchoringRuntime: { anchoring?: OperationLogAnchoring } = {};
