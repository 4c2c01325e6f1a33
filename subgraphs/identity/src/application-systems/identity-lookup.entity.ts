import { randomUUID } from 'node:crypto';
import { Entity, Index, ManyToOne, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { User } from '../users/user.entity';

/** One identity resolution by a business system (ID-17): who asked, how, for whom, with what result. */
@Entity({ tableName: 'identity_lookup' })
@Index({ properties: ['systemCode', 'at'] })
export class IdentityLookup {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  systemCode!: string;

  /** `user_id` or `id_number`. */
  @Property({ type: 'text' })
  lookupBy!: string;

  @ManyToOne(() => User, { fieldName: 'user_id', mapToPk: true, nullable: true, deleteRule: 'no action' })
  userId?: string;

  @Property({ type: 'boolean' })
  found!: boolean;

  @Property({ type: 'timestamptz' })
  at: Date & Opt = new Date();
}
