import { randomUUID } from 'node:crypto';
import { Entity, type Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/** A CRL as published: every one is kept, the highest number per CA is the current one. */
@Entity({ tableName: 'crl' })
@Unique({ properties: ['authorityId', 'number'] })
export class Crl {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  authorityId!: string;

  @Property({ type: 'integer' })
  number!: number;

  @Property({ type: 'timestamptz' })
  thisUpdate!: Date;

  @Property({ type: 'timestamptz' })
  nextUpdate!: Date;

  @Property({ type: 'integer' })
  entries!: number;

  @Property({ type: 'blob', lazy: true })
  der!: Buffer;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}
