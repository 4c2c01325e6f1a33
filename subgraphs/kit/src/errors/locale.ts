import type { Locale } from '../config/config';

const supported: Record<string, Locale> = { zh: 'zh-CN', 'zh-cn': 'zh-CN', 'zh-hans': 'zh-CN', en: 'en' };

/** Picks the first language of an `Accept-Language` header that the platform speaks. */
export function negotiateLocale(header: string | undefined | null, fallback: Locale): Locale {
  if (!header) return fallback;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag, q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((r) => r.tag && !Number.isNaN(r.q) && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const match = supported[tag] ?? supported[tag.split('-')[0] ?? ''];
    if (match) return match;
  }
  return fallback;
}
