import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, ManyToOne, type Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import type { StaffRole } from '@tessera/kit';
import { Bank } from '../banks/bank.entity';
import type { IdType } from '../validation/id-document';

export type AccountKind = 'citizen' | 'staff' | 'unit';

/**
 * One account: a citizen (one per real person, verified through the bank), a staff member, or an insured
 * unit (issue 15: made on its first certificate sign-in, keyed by its social-insurance number, signing in
 * with any of its certificates only). Personal data is kept sealed with a lookup index and a masked form (ID-8).
 */
@Entity({ tableName: 'user' })
@Unique({
  name: 'user_unit_insurance_number_unique',
  expression: `create unique index "user_unit_insurance_number_unique" on "identity"."user" ("unit_insurance_number") where "kind" = 'unit'`,
})
@Unique({
  name: 'user_identity_unique',
  expression: `create unique index "user_identity_unique" on "identity"."user" ("id_number_index") where "kind" = 'citizen' and "id_number_index" is not null`,
})
export class User {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text', unique: true })
  username!: string;

  @Enum({ items: ['citizen', 'staff', 'unit'], type: 'text' })
  kind!: AccountKind;

  /** The verified name for citizens; a unit's name. */
  @Property({ type: 'text' })
  displayName!: string;

  @Property({ type: 'text[]' })
  roles: StaffRole[] & Opt = [];

  @Property({ type: 'text', nullable: true, lazy: true })
  passwordHash?: string;

  @Property({ type: 'text', nullable: true })
  idType?: IdType;

  @Property({ type: 'text', nullable: true, lazy: true })
  idNumberSealed?: string;

  @Property({ type: 'text', nullable: true })
  @Index()
  idNumberIndex?: string;

  @Property({ type: 'text', nullable: true })
  idNumberMasked?: string;

  @ManyToOne(() => Bank, { fieldName: 'bank_code', mapToPk: true, nullable: true, deleteRule: 'no action' })
  bankCode?: string;

  @Property({ type: 'text', nullable: true, lazy: true })
  cardNumberSealed?: string;

  @Property({ type: 'text', nullable: true })
  cardNumberMasked?: string;

  @Property({ type: 'text', nullable: true, lazy: true })
  phoneSealed?: string;

  @Property({ type: 'text', nullable: true })
  @Index()
  phoneIndex?: string;

  @Property({ type: 'text', nullable: true })
  phoneMasked?: string;

  /** When and how the real-name check passed (ID-3). */
  @Property({ type: 'timestamptz', nullable: true })
  verifiedAt?: Date;

  @Property({ type: 'text', nullable: true })
  verificationMethod?: string;

  /** Locked by an administrator (ID-18), a unit disabled (issue 15): no sign-in until unlocked. */
  @Property({ type: 'timestamptz', nullable: true })
  lockedAt?: Date;

  /** Staff second factor (RFC 6238), sealed. */
  @Property({ type: 'text', nullable: true, lazy: true })
  totpSecretSealed?: string;

  /** Set by an administrator (ID-18): sign-in is refused until a new password is set by recovery. */
  @Property({ type: 'boolean' })
  passwordResetRequired: boolean & Opt = false;

  /**
   * Staff: the password is a temporary one an administrator handed over (a new account, a reset):
   * signing in with it leads only to setting a new one.
   */
  @Property({ type: 'boolean' })
  passwordChangeRequired: boolean & Opt = false;

  /** A unit: its social-insurance number (社保编号), the key its certificates name it by. */
  @Property({ type: 'text', nullable: true })
  unitInsuranceNumber?: string;

  /** A unit: its unified social credit code (统一社会信用代码), as its latest certificate carries it. */
  @Property({ type: 'text', nullable: true })
  unitCreditCode?: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
