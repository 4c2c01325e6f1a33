import type { EntityManager } from '@mikro-orm/postgresql';
import { identityError } from '../errors';
import { checkCardNumber } from '../validation/bank-card';
import { type Checked, refused } from '../validation/checked';
import { Bank } from './bank.entity';
import { BankBin } from './bank-bin.entity';
import { type ClassifiedCard, classifyCard } from './card-classifier';

/** The partner banks and their BINs (ID-6, ID-7), read from the database. */
export class BankCatalogue {
  constructor(private readonly em: EntityManager) {}

  /** Every partner bank in display order, connected or not: the client shows all twelve. */
  list(): Promise<Bank[]> {
    return this.em.fork().find(Bank, {}, { orderBy: { displayOrder: 'asc' } });
  }

  /** An administrator connects or disconnects a bank's verification platform. */
  async setConnected(code: string, connected: boolean): Promise<Bank> {
    const em = this.em.fork();
    const bank = await em.findOne(Bank, { code });
    if (!bank) throw identityError('BANK_UNKNOWN');
    bank.connected = connected;
    await em.flush();
    return bank;
  }

  /**
   * Checks that a card can verify an identity through the chosen bank: a well-formed number,
   * a debit card (ID-7) of that bank, and a bank connected to the verification platform (ID-6).
   */
  async checkCard(bankCode: string, rawCardNumber: string): Promise<Checked<ClassifiedCard>> {
    const form = checkCardNumber(rawCardNumber);
    if (!form.ok) return form;
    const em = this.em.fork();
    const prefixes = [4, 5, 6, 7, 8, 9, 10].map((n) => form.value.slice(0, n));
    const bins = await em.find(BankBin, { prefix: { $in: prefixes } });
    const classified = classifyCard(form.value, bins);
    if (!classified.ok) return classified;
    if (classified.value.bankCode !== bankCode) return refused('BANK_CARD_NOT_OF_BANK');
    const bank = await em.findOne(Bank, { code: bankCode });
    if (!bank?.connected) return refused('BANK_NOT_CONNECTED');
    return classified;
  }
}
