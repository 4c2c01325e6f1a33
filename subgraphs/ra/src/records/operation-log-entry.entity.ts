import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One line of the electronic operation log (RA-14). Append-only and hash-chained: `hash` covers the
 * entry and the previous entry's hash, so editing or deleting any line breaks every link after it.
 */
@Entity({ tableName: 'operation_log_entry' })
export class OperationLogEntry {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  sequence!: string & Opt;

  @Property({ type: 'timestamptz' })
  at!: Date;

  @Property({ type: 'text' })
  operation!: string;

  @Property({ type: 'uuid', nullable: true, index: true })
  applicationId?: string;

  @Property({ type: 'text', nullable: true })
  region?: string;

  /** The project (业务项目) the work belongs to; the RA's certificate service by default. */
  @Property({ type: 'text' })
  project!: string;

  @Property({ type: 'text', nullable: true })
  businessType?: string;

  @Property({ type: 'text', nullable: true })
  unitName?: string;

  @Property({ type: 'text', nullable: true })
  socialInsuranceNumber?: string;

  /**
   * RA-14: the ID number, masked (first and last four characters). The log is append-only and can
   * never be re-sealed or erased, so it keeps no ID number in a form a key could open; the full
   * number is sealed on the application.
   */
  @Property({ type: 'text', nullable: true })
  idNumber?: string;

  /** RA-14: the keyed hash (HMAC under DATA_INDEX_KEY) of the full ID number: finds every entry of a person. */
  @Property({ type: 'text', nullable: true, index: true })
  idNumberIndex?: string;

  @Property({ type: 'text' })
  maker!: string;

  @Property({ type: 'text', nullable: true })
  reviewer?: string;

  /** What the operation needs said beyond the fields above, e.g. why a CA call was settled (RA item 12). */
  @Property({ type: 'text', nullable: true })
  detail?: string;

  @Property({ type: 'text' })
  previousHash!: string;

  @Property({ type: 'text' })
  hash!: string;
}
