import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Bank } from './bank.entity';

export type CardType = 'debit' | 'credit';

/**
 * An issuer prefix (BIN) of a partner bank, from public UnionPay BIN data: a pre-check that
 * tells debit from credit cards before the bank is asked (ID-7). The bank still decides.
 */
@Entity({ tableName: 'bank_bin' })
export class BankBin {
  @PrimaryKey({ type: 'text' })
  prefix!: string;

  @ManyToOne(() => Bank, { fieldName: 'bank_code', mapToPk: true, deleteRule: 'cascade' })
  bankCode!: string;

  @Enum({ items: ['debit', 'credit'], type: 'text' })
  cardType!: CardType;

  /** Length of the card numbers under this prefix, when the BIN data gives it. */
  @Property({ type: 'integer', nullable: true })
  panLength?: number;
}
