import { randomUUID } from 'node:crypto';
import { Entity, Enum, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import type { StaffRole } from '@tessera/kit';

export type AccountKind = 'citizen' | 'staff';

/** One account: a citizen (one per real person) or a staff member. */
@Entity({ tableName: 'user' })
export class User {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text', unique: true })
  username!: string;

  @Enum({ items: ['citizen', 'staff'], type: 'text' })
  kind!: AccountKind;

  @Property({ type: 'text' })
  displayName!: string;

  @Property({ type: 'text[]' })
  roles: StaffRole[] & Opt = [];

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
