import { randomUUID } from 'node:crypto';
import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A time-stamp anchor of the operation log (RA-14, issue 15 item 4): an RFC 3161 token of the TSA over the hash of
 * the chain's head at `sequence`. A rewrite of the whole chain recomputes every hash, and no longer matches the
 * tokens, which only the TSA can sign. Append-only like the log.
 */
@Entity({ tableName: 'operation_log_anchor' })
export class OperationLogAnchor {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** The log entry whose hash was stamped: the head of the chain when the anchor was made. */
  @Property({ type: 'bigint', index: true })
  sequence!: string;

  /** That entry's hash (hex), the SHA-256 imprint of the token. */
  @Property({ type: 'text' })
  headHash!: string;

  /** The DER time-stamp token (CMS SignedData over a TSTInfo), with the TSA certificate. */
  @Property({ type: 'blob' })
  token!: Buffer;

  /** The token's genTime, as the TSA stated it. */
  @Property({ type: 'timestamptz' })
  genTime!: Date;

  /** The token's serial number at the TSA (hex). */
  @Property({ type: 'text' })
  tsaSerialNumber!: string;

  /** Who asked for it: `scheduled` for the daily job, else the staff member's subject. */
  @Property({ type: 'text' })
  anchoredBy!: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}
