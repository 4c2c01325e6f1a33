import { AsnConvert } from '@peculiar/asn1-schema';
import { Time } from '@peculiar/asn1-x509';
import { timeOf } from './signature-input';

const element = (tag: number, text: string) => Buffer.concat([Buffer.from([tag, text.length]), Buffer.from(text)]);

describe('the signingTime attribute read without the schema parser (issue 15 item 3)', () => {
  it.each([
    ['UTCTime of this century', element(0x17, '261205083015Z'), '2026-12-05T08:30:15.000Z'],
    ['UTCTime of the last', element(0x17, '991231235959Z'), '1999-12-31T23:59:59.000Z'],
    ['GeneralizedTime', element(0x18, '20501231235959Z'), '2050-12-31T23:59:59.000Z'],
    ['GeneralizedTime with a fraction', element(0x18, '20261205083015.25Z'), '2026-12-05T08:30:15.250Z'],
    ['a leap day', element(0x17, '280229000000Z'), '2028-02-29T00:00:00.000Z'],
  ])('%s', (_, der, iso) => {
    expect(timeOf(der).toISOString()).toBe(iso);
    expect(timeOf(der).getTime()).toBe(AsnConvert.parse(der, Time).getTime().getTime());
  });

  it('other spellings go to the schema parser, which refuses them as before (a UTCTime without seconds)', () => {
    expect(() => timeOf(element(0x17, '2612050830Z'))).toThrow();
    expect(() => AsnConvert.parse(element(0x17, '2612050830Z'), Time)).toThrow();
  });

  it('refuses dates that do not exist instead of rolling them over', () => {
    expect(() => timeOf(element(0x17, '270229000000Z'))).toThrow();
    expect(() => timeOf(element(0x17, '261205246000Z'))).toThrow();
    expect(() => timeOf(element(0x18, '20261305083015Z'))).toThrow();
  });
});
