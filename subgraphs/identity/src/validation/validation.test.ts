import { maskIdNumber } from '@tessera/kit';
import { classifyCard } from '../banks/card-classifier';
import { loadVectors } from '../testing/vectors';
import { checkCardNumber, luhnValid, maskCardNumber } from './bank-card';
import { checkIdNumber, checkPersonName, mod11CheckCharacter } from './id-document';
import { checkMobile, maskMobile } from './mobile';
import { checkConfirmation, checkPassword } from './password-policy';
import { checkUsername } from './username';

const vectors = loadVectors();
const today = new Date('2026-11-23T00:00:00Z');

describe('ID-1 step 1: username rules', () => {
  it.each(['zhangsan', 'li_si2024', 'abcd'])('accepts %s', (name) => {
    expect(checkUsername(name)).toEqual({ ok: true, value: name });
  });

  it('folds case and full-width letters so one name cannot be registered twice', () => {
    expect(checkUsername(' ＺhangSan ')).toEqual({ ok: true, value: 'zhangsan' });
  });

  it.each(['abc', '1abc', 'zhang san', 'zhang-san', 'a'.repeat(21), '张三丰用户'])('refuses %s', (name) => {
    expect(checkUsername(name)).toEqual({ ok: false, code: 'USERNAME_INVALID' });
  });
});

describe('ID-1 step 1: password policy', () => {
  it('accepts 8+ characters with three character classes', () => {
    expect(checkPassword('Secret-2024', 'zhangsan')).toEqual({ ok: true, value: 'Secret-2024' });
  });

  it('refuses a short password', () => {
    expect(checkPassword('Ab1!', 'zhangsan')).toEqual({ ok: false, code: 'PASSWORD_TOO_SHORT', params: { min: 8 } });
  });

  it('refuses an over-long password', () => {
    expect(checkPassword(`Aa1!${'x'.repeat(61)}`, 'zhangsan')).toMatchObject({ ok: false, code: 'PASSWORD_TOO_LONG' });
  });

  it('refuses a password with fewer than three character classes', () => {
    expect(checkPassword('password123', 'zhangsan')).toMatchObject({ ok: false, code: 'PASSWORD_TOO_SIMPLE' });
  });

  it('refuses the username as password, whatever the case', () => {
    expect(checkPassword('Zhang_San1', 'zhang_san1')).toEqual({ ok: false, code: 'PASSWORD_SAME_AS_USERNAME' });
  });

  it('refuses a confirmation that differs', () => {
    expect(checkConfirmation('Secret-2024', 'Secret-2025')).toEqual({
      ok: false,
      code: 'PASSWORD_CONFIRMATION_MISMATCH',
    });
  });
});

describe('ID-1 step 2: resident ID card (GB 11643, ISO 7064 MOD 11-2)', () => {
  it.each(vectors.residentId.valid)('accepts %s', (id) => {
    expect(checkIdNumber('RESIDENT_ID_CARD', id, today)).toEqual({ ok: true, value: id });
  });

  it.each(Object.entries(vectors.residentId.invalid))('refuses %s (%s)', (id) => {
    expect(checkIdNumber('RESIDENT_ID_CARD', id, today)).toEqual({ ok: false, code: 'ID_NUMBER_INVALID' });
  });

  it('normalises a lower-case x check character to upper case', () => {
    expect(checkIdNumber('RESIDENT_ID_CARD', '44030419900101002x', today)).toEqual({
      ok: true,
      value: '44030419900101002X',
    });
  });

  it('computes the check character of every valid vector', () => {
    for (const id of vectors.residentId.valid) expect(mod11CheckCharacter(id.slice(0, 17))).toBe(id[17]);
  });

  it('refuses a birth date in the future', () => {
    const body = '44030320300101123';
    expect(checkIdNumber('RESIDENT_ID_CARD', body + mod11CheckCharacter(body), today)).toMatchObject({ ok: false });
  });
});

describe('ID-1 step 2: other ID documents', () => {
  it.each([
    ['PASSPORT', 'E12345678'],
    ['PASSPORT', 'eA1234567'],
    ['HK_MACAU_PERMIT', 'H12345678'],
    ['HK_MACAU_PERMIT', 'M1234567890'],
    ['TAIWAN_PERMIT', '12345678'],
    ['FOREIGN_PERMANENT_RESIDENCE_CARD', 'USA123456789012'],
  ] as const)('accepts %s %s', (type, id) => {
    expect(checkIdNumber(type, id, today)).toEqual({ ok: true, value: id.toUpperCase() });
  });

  it('accepts a 2017 permanent residence card with a valid MOD 11-2 check and refuses a wrong check', () => {
    const body = '93344019800101001';
    const valid = body + mod11CheckCharacter(body);
    expect(checkIdNumber('FOREIGN_PERMANENT_RESIDENCE_CARD', valid, today)).toEqual({ ok: true, value: valid });
    const wrong = body + (valid.endsWith('1') ? '2' : '1');
    expect(checkIdNumber('FOREIGN_PERMANENT_RESIDENCE_CARD', wrong, today)).toMatchObject({ ok: false });
  });

  it.each([
    ['PASSPORT', 'ABCDEFGH'],
    ['PASSPORT', 'E12'],
    ['HK_MACAU_PERMIT', 'X12345678'],
    ['HK_MACAU_PERMIT', 'H1234567'],
    ['TAIWAN_PERMIT', '1234567'],
    ['FOREIGN_PERMANENT_RESIDENCE_CARD', 'US1234567890123'],
  ] as const)('refuses %s %s', (type, id) => {
    expect(checkIdNumber(type, id, today)).toEqual({ ok: false, code: 'ID_NUMBER_INVALID' });
  });

  it('accepts Chinese and Latin names and refuses digits', () => {
    expect(checkPersonName(' 张三 ')).toEqual({ ok: true, value: '张三' });
    expect(checkPersonName('迪丽热巴·迪力木拉提')).toMatchObject({ ok: true });
    expect(checkPersonName('John  Smith')).toEqual({ ok: true, value: 'John Smith' });
    expect(checkPersonName('张3')).toEqual({ ok: false, code: 'NAME_INVALID' });
  });
});

describe('ID-1 step 3: mainland mobile numbers', () => {
  it.each(vectors.mobile.valid)('accepts %s', (phone) => {
    expect(checkMobile(phone)).toEqual({ ok: true, value: phone });
  });

  it.each(vectors.mobile.invalid)('refuses %s', (phone) => {
    expect(checkMobile(phone)).toEqual({ ok: false, code: 'MOBILE_INVALID' });
  });

  it('drops a +86 prefix and spaces', () => {
    expect(checkMobile('+86 138 0013 8000')).toEqual({ ok: true, value: '13800138000' });
  });
});

describe('ID-7: bank cards (Luhn, partner bank by BIN, debit only)', () => {
  const bins = Object.entries(vectors.bankBins).flatMap(([bankCode, bank]) => [
    ...bank.debit.map(([prefix, panLength]) => ({ prefix, bankCode, cardType: 'debit' as const, panLength })),
    ...bank.credit.map((prefix) => ({ prefix, bankCode, cardType: 'credit' as const })),
  ]);

  /** A Luhn-valid number of the given length under a prefix. */
  function cardUnder(prefix: string, length: number): string {
    const body = prefix.padEnd(length - 1, '0');
    for (let check = 0; check < 10; check++) if (luhnValid(body + check)) return body + check;
    throw new Error('unreachable');
  }

  it.each(vectors.luhnValidCards)('accepts the form of %s and finds its bank', (card) => {
    expect(checkCardNumber(card)).toEqual({ ok: true, value: card });
    const bank = Object.entries(vectors.bankBins).find(([, b]) => b.debit.some(([p]) => card.startsWith(p)))?.[0];
    expect(classifyCard(card, bins)).toEqual({ ok: true, value: { cardNumber: card, bankCode: bank } });
  });

  it('refuses a Luhn error', () => {
    expect(checkCardNumber('6222020000000001231')).toEqual({ ok: false, code: 'BANK_CARD_INVALID' });
  });

  it('refuses a debit number whose length does not fit its BIN', () => {
    expect(classifyCard(cardUnder('622202', 16), bins)).toEqual({ ok: false, code: 'BANK_CARD_INVALID' });
  });

  it.each(Object.entries(vectors.bankBins).flatMap(([code, bank]) => bank.credit.map((bin) => [code, bin])))(
    'refuses the %s credit card BIN %s',
    (_code, bin) => {
      expect(classifyCard(cardUnder(bin, 16), bins)).toEqual({ ok: false, code: 'BANK_CARD_CREDIT' });
    },
  );

  it('refuses a card of no partner bank', () => {
    expect(classifyCard(cardUnder('999999', 16), bins)).toEqual({ ok: false, code: 'BANK_CARD_UNKNOWN' });
  });

  it.each(Object.entries(vectors.bankBins).flatMap(([code, bank]) => bank.debit.map(([bin, len]) => [code, bin, len])))(
    'accepts a %s debit card under BIN %s',
    (code, bin, length) => {
      const card = cardUnder(bin as string, length as number);
      expect(classifyCard(card, bins)).toEqual({ ok: true, value: { cardNumber: card, bankCode: code } });
    },
  );
});

describe('ID-8: masked forms', () => {
  it('masks phone, card and ID number', () => {
    expect(maskMobile('13800138000')).toBe('138****8000');
    expect(maskCardNumber('6222020000000001230')).toBe('6222 **** **** 1230');
    expect(maskIdNumber('440303198503121239')).toBe('4403**********1239');
  });
});
