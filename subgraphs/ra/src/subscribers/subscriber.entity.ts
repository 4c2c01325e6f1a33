import { randomUUID } from 'node:crypto';
import { Entity, Enum, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

export type SubscriberKind = 'unit' | 'person';

/**
 * A subscriber (订户): an insured unit or a person. A person is linked to a real-name verified
 * identity `User`; a unit carries its unified social credit code. The register of RA-15.
 */
@Entity({ tableName: 'subscriber' })
export class Subscriber {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Enum({ items: ['unit', 'person'], type: 'text' })
  kind!: SubscriberKind;

  /** 社保编号: archives are sorted by it (RA-16). */
  @Property({ type: 'text', unique: true })
  socialInsuranceNumber!: string;

  /** Unit name, or the person's name. */
  @Property({ type: 'text', index: true })
  name!: string;

  /** Unified social credit code (units), which embeds the organization code. */
  @Property({ type: 'text', nullable: true })
  creditCode?: string;

  @Property({ type: 'text', nullable: true })
  organizationCode?: string;

  @Property({ type: 'text' })
  contactName!: string;

  @Property({ type: 'text' })
  contactPhone!: string;

  @Property({ type: 'text' })
  region!: string;

  /** The supervising social-insurance agency (主管社保经办单位) that approves new issuance (RA-1). */
  @Property({ type: 'text' })
  agency!: string;

  /** The identity `User` of a person subscriber. */
  @Property({ type: 'uuid', nullable: true, index: true })
  userId?: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'integer', version: true })
  version!: number & Opt;
}
