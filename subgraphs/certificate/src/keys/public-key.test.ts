import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { keyFamily, publicKeyObject } from './public-key';

const der = (key: KeyObject) => key.export({ type: 'spki', format: 'der' });

describe('public keys from SubjectPublicKeyInfo', () => {
  it('reads EC and RSA keys as the DER decoder does, on the fast path or off it', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    const samples = [
      der(ec),
      der(generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey),
      der(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey),
      der(generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey),
      der(generateKeyPairSync('rsa', { modulusLength: 3072, publicExponent: 3 }).publicKey),
      der(generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).publicKey),
      der(generateKeyPairSync('ed25519').publicKey),
      ec.export({ format: 'der', type: 'spki' }),
    ];
    for (const spki of samples) {
      const slow = createPublicKey({ key: spki, format: 'der', type: 'spki' });
      const fast = publicKeyObject(spki);
      expect(fast.asymmetricKeyType).toBe(slow.asymmetricKeyType);
      expect(fast.asymmetricKeyDetails).toEqual(slow.asymmetricKeyDetails);
      expect(der(fast).equals(spki)).toBe(true);
    }
    expect(samples.map(keyFamily)).toEqual(['ec', 'ec', 'ec', 'rsa', 'rsa', 'rsa', 'rsa', 'ec']);
  });

  it('refuses an EC point that is not on the curve, as the DER decoder does', () => {
    const spki = Buffer.from(der(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey));
    spki[spki.length - 1] = (spki[spki.length - 1] ?? 0) ^ 1;
    expect(() => createPublicKey({ key: spki, format: 'der', type: 'spki' })).toThrow();
    expect(() => publicKeyObject(spki)).toThrow();
  });
});
