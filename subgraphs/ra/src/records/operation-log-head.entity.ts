import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * The head of the operation log (RA-14): one row, the hash of the newest entry and of the one before
 * it. Appending updates this row and inserts the entry in one statement: the row lock serialises
 * concurrent appends (a waiting append re-reads the row once the first commits), so the chain never
 * forks. Not a source of truth: `OperationLog.verify` checks the entries themselves, and a head that
 * does not match the newest entry makes the next link break visibly.
 */
@Entity({ tableName: 'operation_log_head' })
export class OperationLogHead {
  /** Always 1: there is one head. */
  @PrimaryKey({ type: 'smallint', autoincrement: false })
  id!: number;

  @Property({ type: 'text' })
  previousHash!: string;

  @Property({ type: 'text' })
  hash!: string;
}
