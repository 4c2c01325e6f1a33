import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '@tessera/kit';
import { keyBackendSettings, kmcKeyEncryptionKey, pkiOptions } from './certificate-options';

const key = Buffer.alloc(32, 7).toString('base64');

describe('the CA settings from the configuration module', () => {
  it('chooses the PKCS#11 backend by configuration, with its token and PIN', () => {
    const settings = keyBackendSettings(
      loadConfig({ CA_KEY_BACKEND: 'pkcs11', CA_PKCS11_TOKEN_LABEL: 'tessera-ca', CA_PKCS11_PIN: '1234' }),
    );
    expect(settings).toEqual({
      kind: 'pkcs11',
      modulePath: '/usr/lib/softhsm/libsofthsm2.so',
      tokenLabel: 'tessera-ca',
      pin: '1234',
      sessions: 4,
    });
    expect(() => keyBackendSettings(loadConfig({ CA_KEY_BACKEND: 'pkcs11' }))).toThrow(/CA_PKCS11_TOKEN_LABEL/);
  });

  it('issue 15: the TSA policy of time-stamp tokens comes from TSA_POLICY_OID, a dotted OID; unset, the default under the policy arc', () => {
    expect(pkiOptions(loadConfig({ TSA_POLICY_OID: '1.2.156.99.4.1' })).tsaPolicy).toBe('1.2.156.99.4.1');
    expect(pkiOptions(loadConfig({})).tsaPolicy).toBeUndefined();
    expect(() => loadConfig({ TSA_POLICY_OID: 'policy-1' })).toThrow(/TSA_POLICY_OID/);
  });

  it('GM/T 0015: with the identity extensions on (the default) production needs the data keys a waiting ID number is sealed with; off it does not', () => {
    const production = { NODE_ENV: 'production', CERTIFICATE_URL: 'https://ca.example/graphql' };
    expect(() => pkiOptions(loadConfig(production))).toThrow(/DATA_ENCRYPTION_KEYS/);
    expect(pkiOptions(loadConfig({ ...production, CA_GM_IDENTITY_EXTENSIONS: 'off' }))).toMatchObject({
      identityExtensions: false,
      dataProtector: undefined,
    });
    expect(pkiOptions(loadConfig({})).identityExtensions).toBe(true);
  });

  it('uses the configured key-encryption key, and refuses to run production without one', () => {
    const settings = keyBackendSettings(loadConfig({ CA_KEY_ENCRYPTION_KEY: key }));
    expect(settings.kind === 'software' && settings.keyEncryptionKey.equals(Buffer.alloc(32, 7))).toBe(true);
    expect(() => keyBackendSettings(loadConfig({ NODE_ENV: 'production' }))).toThrow(/CA_KEY_ENCRYPTION_KEY/);
  });

  it('CT-1: the KMC key comes from KMC_KEY_ENCRYPTION_KEY; development keeps one in the data folder; production without one runs no KMC', () => {
    expect(kmcKeyEncryptionKey(loadConfig({ KMC_KEY_ENCRYPTION_KEY: key }))?.equals(Buffer.alloc(32, 7))).toBe(true);
    expect(kmcKeyEncryptionKey(loadConfig({ NODE_ENV: 'production' }))).toBeUndefined();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tessera-kmc-'));
    try {
      const generated = kmcKeyEncryptionKey(loadConfig({ DATA_DIR: dataDir }));
      expect(generated).toHaveLength(32);
      expect(kmcKeyEncryptionKey(loadConfig({ DATA_DIR: dataDir }))?.equals(generated as Buffer)).toBe(true);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('writes the public URL, algorithm and validity of the configuration into the CA (CT-1, CT-5)', () => {
    expect(
      pkiOptions(
        loadConfig({
          CA_PUBLIC_URL: 'https://pki.example.cn',
          CA_KEY_ALGORITHM: 'P-384',
          CERTIFICATE_VALIDITY_DAYS: '730',
        }),
      ),
    ).toMatchObject({ publicUrl: 'https://pki.example.cn', algorithm: 'P-384', certificateValidityDays: 730 });
    expect(pkiOptions(loadConfig({ CERTIFICATE_PORT: '4102' })).publicUrl).toBe('http://127.0.0.1:4102');
  });
});
