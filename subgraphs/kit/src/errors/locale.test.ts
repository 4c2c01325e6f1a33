import { negotiateLocale } from './locale';

describe('locale negotiation', () => {
  it.each([
    [undefined, 'zh-CN'],
    ['en-US,en;q=0.9', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['fr-FR, en;q=0.5', 'en'],
    ['en;q=0.2, zh;q=0.8', 'zh-CN'],
    ['de-DE', 'zh-CN'],
    ['en;q=0', 'zh-CN'],
  ] as const)('%s → %s', (header, expected) => {
    expect(negotiateLocale(header, 'zh-CN')).toBe(expected);
  });
});
