import fs from 'node:fs';
import path from 'node:path';
import { isOrganizationCode, isUnifiedSocialCreditCode } from './credit-code';

const vectors = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '../../../../../shared/testdata/vectors.json'), 'utf8'),
) as { unifiedSocialCreditCode: { valid: string[]; invalid: Record<string, string> } };

describe('unified social credit codes of insured units (RA-15 subscriber register)', () => {
  it.each(vectors.unifiedSocialCreditCode.valid)('accepts %s', (code) => {
    expect(isUnifiedSocialCreditCode(code)).toBe(true);
    expect(isUnifiedSocialCreditCode(code.toLowerCase())).toBe(true);
  });

  it.each(Object.entries(vectors.unifiedSocialCreditCode.invalid))('rejects %s (%s)', (code) => {
    expect(isUnifiedSocialCreditCode(code)).toBe(false);
  });

  it('checks a bare organization code with its GB 11714 check digit', () => {
    expect(isOrganizationCode('MA5F0K3R4')).toBe(true);
    expect(isOrganizationCode('MA5F0K3R-4')).toBe(true);
    expect(isOrganizationCode('MA5F0K3R8')).toBe(false);
    expect(isOrganizationCode('MA5F0K3')).toBe(false);
  });
});
