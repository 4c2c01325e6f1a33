import { maxDnsNames, normaliseDnsName, normaliseDnsNames } from './dns-name';
import { normaliseEmailAddress } from './email-address';

describe('DNS names as certificates carry them (CT-1)', () => {
  it('lowercases and writes internationalised labels as punycode', () => {
    expect(normaliseDnsName(' WWW.Example.COM ')).toBe('www.example.com');
    expect(normaliseDnsName('bücher.de')).toBe('xn--bcher-kva.de');
    expect(normaliseDnsName('社保.中国')).toBe('xn--ruqr22h.xn--fiqs8s');
  });

  it.each([
    'localhost',
    'a_b.example.com',
    '-a.example.com',
    'a-.example.com',
    'a..example.com',
    'example.com.',
    '1.2.3.4',
    'exa mple.com',
    'example.com/path',
    `${'a'.repeat(64)}.com`,
    'xn--zz.com',
    '',
  ])('refuses %j', (name) => {
    expect(normaliseDnsName(name)).toBeUndefined();
  });

  it('allows a wildcard only as the whole first label, and only where the profile allows it', () => {
    expect(normaliseDnsName('*.example.com')).toBeUndefined();
    expect(normaliseDnsName('*.Example.com', { wildcard: true })).toBe('*.example.com');
    expect(normaliseDnsName('a.*.example.com', { wildcard: true })).toBeUndefined();
    expect(normaliseDnsName('w*.example.com', { wildcard: true })).toBeUndefined();
  });

  it('drops duplicates, names the first invalid entry, and caps the count', () => {
    expect(normaliseDnsNames(['a.example.com', 'A.example.com', 'b.example.com'])).toEqual({
      names: ['a.example.com', 'b.example.com'],
    });
    expect(normaliseDnsNames(['a.example.com', 'bad name'])).toEqual({ invalid: 'bad name' });
    const many = Array.from({ length: maxDnsNames + 1 }, (_, i) => `h${i}.example.com`);
    expect(normaliseDnsNames(many).invalid).toBe(many[maxDnsNames]);
  });
});

describe('email addresses as an rfc822Name carries them', () => {
  it('keeps the local part, normalises the domain, refuses what IA5String cannot carry', () => {
    expect(normaliseEmailAddress('Zhang.San@Example.CN')).toBe('Zhang.San@example.cn');
    expect(normaliseEmailAddress('a@社保.中国')).toBe('a@xn--ruqr22h.xn--fiqs8s');
    expect(normaliseEmailAddress('张三@example.cn')).toBeUndefined();
    expect(normaliseEmailAddress('no-at-sign')).toBeUndefined();
    expect(normaliseEmailAddress('a b@example.cn')).toBeUndefined();
    expect(normaliseEmailAddress('a@localhost')).toBeUndefined();
  });
});
