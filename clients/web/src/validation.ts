/**
 * Client-side hints that mirror identity's input rules (subgraphs/identity/src/validation), so a
 * person sees a problem while typing. The server checks everything again and stays the authority.
 */
export interface Problem {
  key: string;
  params?: Record<string, number>;
}

export const passwordPolicy = { minLength: 8, maxLength: 64, minClasses: 3 };

const fold = (raw: string) => raw.normalize('NFKC');

export function usernameProblem(raw: string): Problem | null {
  return /^[a-z][a-z0-9_]{3,19}$/.test(fold(raw).trim().toLowerCase()) ? null : { key: 'validation.username' };
}

const characterClasses = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/];

export function passwordProblem(password: string, username = ''): Problem | null {
  const length = [...password].length;
  if (length < passwordPolicy.minLength) return { key: 'validation.passwordShort', params: passwordPolicy };
  if (length > passwordPolicy.maxLength) return { key: 'validation.passwordLong', params: passwordPolicy };
  if (characterClasses.filter((c) => c.test(password)).length < passwordPolicy.minClasses) {
    return { key: 'validation.passwordSimple', params: passwordPolicy };
  }
  if (username && password.toLowerCase() === fold(username).trim().toLowerCase()) {
    return { key: 'validation.passwordUsername' };
  }
  return null;
}

export function confirmationProblem(password: string, confirmation: string): Problem | null {
  return password === confirmation ? null : { key: 'validation.confirmation' };
}

export function nameProblem(raw: string): Problem | null {
  const name = fold(raw).trim().replace(/\s+/g, ' ');
  return /^[\p{Script=Han}·]{2,30}$|^[A-Za-z][A-Za-z .'-]{0,58}[A-Za-z.]$/u.test(name)
    ? null
    : { key: 'validation.name' };
}

export const idTypes = [
  'RESIDENT_ID_CARD',
  'PASSPORT',
  'HK_MACAU_PERMIT',
  'TAIWAN_PERMIT',
  'FOREIGN_PERMANENT_RESIDENCE_CARD',
] as const;
export type IdTypeValue = (typeof idTypes)[number];

const mod11Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11643-1999: 18 characters, a real birth date not in the future, ISO 7064 MOD 11-2 check. */
function residentIdValid(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day || birth.getTime() > Date.now()) {
    return false;
  }
  const sum = [...id.slice(0, 17)].reduce((total, digit, i) => total + Number(digit) * (mod11Weights[i] ?? 0), 0);
  return '10X98765432'[sum % 11] === id[17];
}

const idPatterns: Record<string, RegExp> = {
  PASSPORT: /^(?=.*\d)[A-Z0-9]{5,17}$/,
  HK_MACAU_PERMIT: /^[HM](\d{8}|\d{10})$/,
  TAIWAN_PERMIT: /^(\d{8}|\d{10})$/,
};

export function idNumberProblem(type: string, raw: string): Problem | null {
  const id = fold(raw).replace(/\s+/g, '').toUpperCase();
  const valid =
    type === 'RESIDENT_ID_CARD'
      ? residentIdValid(id)
      : type === 'FOREIGN_PERMANENT_RESIDENCE_CARD'
        ? /^[A-Z]{3}\d{12}$/.test(id) || (id.startsWith('9') && residentIdValid(id))
        : (idPatterns[type]?.test(id) ?? false);
  return valid ? null : { key: 'validation.idNumber' };
}

export function mobileProblem(raw: string): Problem | null {
  const digits = fold(raw)
    .replace(/[\s-]/g, '')
    .replace(/^\+?86(?=1\d{10}$)/, '');
  return /^1(3\d|4[5-9]|5[0-35-9]|6[25-7]|7[0-8]|8\d|9[0-35-9])\d{8}$/.test(digits)
    ? null
    : { key: 'validation.mobile' };
}

function luhnValid(digits: string): boolean {
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

export function cardProblem(raw: string): Problem | null {
  const digits = fold(raw).replace(/[\s-]/g, '');
  return /^\d{16,19}$/.test(digits) && luhnValid(digits) ? null : { key: 'validation.card' };
}

export function smsCodeProblem(raw: string): Problem | null {
  return /^\d{6}$/.test(raw.trim()) ? null : { key: 'validation.smsCode' };
}

export function requiredProblem(raw: string): Problem | null {
  return raw.trim() ? null : { key: 'validation.required' };
}
