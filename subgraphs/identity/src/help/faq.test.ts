import { faq } from './faq';
import { FaqResolver } from './faq.resolver';

describe('help (ID-19)', () => {
  const resolver = new FaqResolver();
  const ctx = { locale: 'zh-CN' } as Parameters<FaqResolver['faq']>[1];

  it('answers the questions of seed 000: re-registration, bank account, errors, banks, SMS, hotline 12333', () => {
    const text = faq.map((e) => e.answer['zh-CN']).join('\n');
    for (const topic of ['重新注册', '借记卡', '更换银行卡', '民生银行系统正在改造', '短信平台', '12333']) {
      expect(text).toContain(topic);
    }
  });

  it('ships every entry in zh-CN and en', () => {
    for (const entry of faq) {
      for (const locale of ['zh-CN', 'en'] as const) {
        expect(entry.question[locale].length).toBeGreaterThan(3);
        expect(entry.answer[locale].length).toBeGreaterThan(20);
      }
    }
  });

  it('serves the caller’s locale, or the one asked for', () => {
    expect(resolver.faq(null, ctx)[0]?.question).toMatch(/重新注册/);
    expect(resolver.faq('en', ctx)[0]?.question).toMatch(/register again/);
  });
});
