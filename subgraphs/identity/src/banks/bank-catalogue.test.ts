import type { MikroORM } from '@mikro-orm/postgresql';
import { openTestDatabase } from '../testing/identity-test-kit';
import { loadVectors } from '../testing/vectors';
import { BankCatalogue } from './bank-catalogue';

describe('BankCatalogue (ID-6, ID-7)', () => {
  let orm: MikroORM;
  let banks: BankCatalogue;
  const vectors = loadVectors();

  beforeAll(async () => {
    orm = await openTestDatabase();
    banks = new BankCatalogue(orm.em);
  });
  afterAll(() => orm.close());

  it('ID-6: lists the twelve partner banks; CMBC is shown but not connected', async () => {
    const list = await banks.list();
    expect(list.map((b) => b.nameZh)).toEqual(Object.values(vectors.bankBins).map((b) => b.name));
    expect(list.filter((b) => !b.connected).map((b) => b.code)).toEqual(['CMBC']);
  });

  it('ID-6: a CMBC debit card is refused as "bank not connected" until an administrator connects it', async () => {
    expect(await banks.checkCard('CMBC', '6226220000000009')).toEqual({ ok: false, code: 'BANK_NOT_CONNECTED' });
    await banks.setConnected('CMBC', true);
    expect(await banks.checkCard('CMBC', '6226220000000009')).toMatchObject({ ok: true });
    await banks.setConnected('CMBC', false);
  });

  it('ID-7: every BIN of the vectors is data: debit accepted for its own bank, credit refused', async () => {
    for (const card of vectors.luhnValidCards) {
      const code = Object.entries(vectors.bankBins).find(([, b]) => b.debit.some(([p]) => card.startsWith(p)))?.[0];
      expect(await banks.checkCard(code as string, card)).toEqual({
        ok: true,
        value: { cardNumber: card, bankCode: code },
      });
    }
    expect(await banks.checkCard('CCB', '4367450000000006')).toEqual({ ok: false, code: 'BANK_CARD_CREDIT' });
  });

  it('ID-7: a card of another bank than the one chosen is refused', async () => {
    expect(await banks.checkCard('CCB', '6222020000000001230')).toEqual({ ok: false, code: 'BANK_CARD_NOT_OF_BANK' });
  });

  it('ID-6: only the partner banks can be connected', async () => {
    await expect(banks.setConnected('HSBC', true)).rejects.toMatchObject({ extensions: { code: 'BANK_UNKNOWN' } });
  });
});
