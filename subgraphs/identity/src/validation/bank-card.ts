import { accepted, type Checked, refused } from './checked';

/** The Luhn (ISO/IEC 7812-1) check of a card number. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** The form of a card number: 16 to 19 digits with a valid Luhn check; spaces dropped. */
export function checkCardNumber(raw: string): Checked<string> {
  const digits = raw.normalize('NFKC').replace(/[\s-]/g, '');
  return /^\d{16,19}$/.test(digits) && luhnValid(digits) ? accepted(digits) : refused('BANK_CARD_INVALID');
}

/** `6222 **** **** 1230`: the first four and last four digits only. */
export function maskCardNumber(card: string): string {
  return `${card.slice(0, 4)} **** **** ${card.slice(-4)}`;
}
