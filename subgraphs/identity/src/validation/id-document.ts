import { accepted, type Checked, refused } from './checked';

/** ID document types accepted at registration (seed 001: 证件类型). */
export const idTypes = [
  'RESIDENT_ID_CARD',
  'PASSPORT',
  'HK_MACAU_PERMIT',
  'TAIWAN_PERMIT',
  'FOREIGN_PERMANENT_RESIDENCE_CARD',
] as const;
export type IdType = (typeof idTypes)[number];

export function isIdType(value: string): value is IdType {
  return (idTypes as readonly string[]).includes(value);
}

const mod11Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const mod11CheckCharacters = '10X98765432';

/** ISO 7064 MOD 11-2 check character of the first 17 digits (GB 11643-1999). */
export function mod11CheckCharacter(body: string): string {
  const sum = [...body].reduce((total, digit, i) => total + Number(digit) * (mod11Weights[i] as number), 0);
  return mod11CheckCharacters[sum % 11] as string;
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** 18 characters: 6-digit area, birth date YYYYMMDD (a real day, not in the future), sequence, check. */
function checkResidentId(id: string, today: Date): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (year < 1900 || !isRealDate(year, month, day)) return false;
  if (Date.UTC(year, month - 1, day) > today.getTime()) return false;
  return mod11CheckCharacter(id.slice(0, 17)) === id[17];
}

const patterns: Record<Exclude<IdType, 'RESIDENT_ID_CARD' | 'FOREIGN_PERMANENT_RESIDENCE_CARD'>, RegExp> = {
  // ICAO 9303 document numbers: up to 9 characters in the machine-readable zone, some states longer.
  PASSPORT: /^(?=.*\d)[A-Z0-9]{5,17}$/,
  // Mainland travel permit for Hong Kong and Macau residents: H or M, then 8 (or, before 2013, 10) digits.
  HK_MACAU_PERMIT: /^[HM](\d{8}|\d{10})$/,
  // Mainland travel permit for Taiwan residents: 8 digits (2015 card), or 10 with an issue count.
  TAIWAN_PERMIT: /^(\d{8}|\d{10})$/,
};

/**
 * The 2004 card: 3-letter nationality code and 12 digits; the 2017 card: 18 characters starting
 * with 9, checked like a resident ID (GB 11643).
 */
function checkPermanentResidence(id: string, today: Date): boolean {
  return /^[A-Z]{3}\d{12}$/.test(id) || (id.startsWith('9') && checkResidentId(id, today));
}

/** Checks an ID number for its type; returns it normalised (upper case, no spaces). */
export function checkIdNumber(type: IdType, raw: string, today = new Date()): Checked<string> {
  const id = raw.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  let valid: boolean;
  switch (type) {
    case 'RESIDENT_ID_CARD':
      valid = checkResidentId(id, today);
      break;
    case 'FOREIGN_PERMANENT_RESIDENCE_CARD':
      valid = checkPermanentResidence(id, today);
      break;
    default:
      valid = patterns[type].test(id);
  }
  return valid ? accepted(id) : refused('ID_NUMBER_INVALID');
}

/** A person's name as on the ID document: Chinese names, or Latin names with spaces, dots and hyphens. */
export function checkPersonName(raw: string): Checked<string> {
  const name = raw.normalize('NFKC').trim().replace(/\s+/g, ' ');
  return /^[\p{Script=Han}·]{2,30}$|^[A-Za-z][A-Za-z .'-]{0,58}[A-Za-z.]$/u.test(name)
    ? accepted(name)
    : refused('NAME_INVALID');
}
