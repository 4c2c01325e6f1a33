import { randomUUID } from 'node:crypto';
import { Entity, Enum, type Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';

export type ArchiveSeries = 'new' | 'renewal' | 'service';

/** A box of paper files (RA-16): 100 new-issuance or 150 renewal files, labelled, in a numbered cabinet. */
@Entity({ tableName: 'archive_box' })
@Unique({ properties: ['series', 'number'] })
export class ArchiveBox {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Enum({ items: ['new', 'renewal', 'service'], type: 'text' })
  series!: ArchiveSeries;

  /** Box number within its series, from 1. */
  @Property({ type: 'integer' })
  number!: number;

  @Property({ type: 'integer' })
  capacity!: number;

  @Property({ type: 'integer' })
  cabinet!: number;

  @Property({ type: 'integer' })
  fileCount: number & Opt = 0;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}
