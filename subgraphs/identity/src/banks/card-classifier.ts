import { accepted, type Checked, refused } from '../validation/checked';
import type { CardType } from './bank-bin.entity';

export interface BinRecord {
  prefix: string;
  bankCode: string;
  cardType: CardType;
  panLength?: number | null;
}

export interface ClassifiedCard {
  cardNumber: string;
  bankCode: string;
}

/**
 * Tells which partner bank issued a (Luhn-checked) card and refuses what cannot verify (ID-7):
 * credit cards, cards of no partner bank, and numbers whose length does not fit their BIN.
 * The longest matching prefix wins.
 */
export function classifyCard(cardNumber: string, bins: readonly BinRecord[]): Checked<ClassifiedCard> {
  const match = bins
    .filter((b) => cardNumber.startsWith(b.prefix))
    .sort((a, b) => b.prefix.length - a.prefix.length)[0];
  if (!match) return refused('BANK_CARD_UNKNOWN');
  if (match.cardType === 'credit') return refused('BANK_CARD_CREDIT');
  if (match.panLength && match.panLength !== cardNumber.length) return refused('BANK_CARD_INVALID');
  return accepted({ cardNumber, bankCode: match.bankCode });
}
