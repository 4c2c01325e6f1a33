import { loadConfig } from '@tessera/kit';
import { identityOptions } from './identity-options';

describe('identity options (ID-8)', () => {
  it('refuses a fixed captcha answer in production (ID-10)', () => {
    expect(() => identityOptions(loadConfig({ NODE_ENV: 'production', CAPTCHA_TEST_ANSWER: 'Tk7P' }))).toThrow(
      /CAPTCHA_TEST_ANSWER/,
    );
  });

  it('refuses production without real keys and a real verification platform', () => {
    expect(() => identityOptions(loadConfig({ NODE_ENV: 'production' }))).toThrow(/DATA_ENCRYPTION_KEYS/);
  });

  it('uses stable development keys, the in-process sandbox bank, and the seed’s legacy sign-in end date', () => {
    const options = identityOptions(loadConfig({ NODE_ENV: 'development' }));
    expect(options.bankVerifierUrl).toBeUndefined();
    expect(options.dataKeys).toEqual(identityOptions(loadConfig({ NODE_ENV: 'development' })).dataKeys);
    expect(options.legacyIdSignInUntil.toISOString()).toBe('2015-12-31T16:00:00.000Z');
    expect(options.httpsOnlyClientUris).toBe(false);
  });

  it('asks https of business systems’ addresses in production only (ID-17)', () => {
    const production = loadConfig({
      NODE_ENV: 'production',
      DATA_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
      DATA_INDEX_KEY: Buffer.alloc(32, 8).toString('base64'),
      BANK_VERIFIER_URL: 'https://bank.example/v1',
      PUBLIC_URL: 'https://sso.bureau.example',
    });
    expect(identityOptions(production).httpsOnlyClientUris).toBe(true);
    expect(identityOptions(loadConfig({ NODE_ENV: 'test' })).httpsOnlyClientUris).toBe(false);
  });

  it('refuses production unless the issuer of single sign-on (PUBLIC_URL) is an https origin (issue 12)', () => {
    const keys = {
      NODE_ENV: 'production',
      DATA_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
      DATA_INDEX_KEY: Buffer.alloc(32, 8).toString('base64'),
      BANK_VERIFIER_URL: 'https://bank.example/v1',
    };
    for (const PUBLIC_URL of [undefined, 'http://sso.bureau.example', 'https://bureau.example/sso']) {
      expect(() => identityOptions(loadConfig({ ...keys, ...(PUBLIC_URL ? { PUBLIC_URL } : {}) }))).toThrow(
        /PUBLIC_URL/,
      );
    }
  });
});
