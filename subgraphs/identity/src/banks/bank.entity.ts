import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A bank that issues social-security cards (ID-6). Whether its verification platform is
 * connected is data an administrator changes, not code.
 */
@Entity({ tableName: 'bank' })
export class Bank {
  @PrimaryKey({ type: 'text' })
  code!: string;

  @Property({ type: 'text' })
  nameZh!: string;

  @Property({ type: 'text' })
  nameEn!: string;

  /** Connected to the four-element verification platform: selectable for registration. */
  @Property({ type: 'boolean' })
  connected!: boolean;

  @Property({ type: 'integer' })
  displayOrder!: number;

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
