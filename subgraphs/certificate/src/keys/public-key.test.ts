import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { generatePrivateKey } from './private-key';
import { algorithmOfSpki, familyOf, keyFamily, publicKeyObject, readPublicKey } from './public-key';

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

  it('tells SM2 keys (id-ecPublicKey on 1.2.156.10197.1.301) from the others, and which of our algorithms a key is', () => {
    const sm2 = generatePrivateKey('SM2').spki();
    expect(readPublicKey(sm2).sm2Point).toMatch(/^04[0-9a-f]{128}$/);
    expect(familyOf(readPublicKey(sm2))).toBe('sm2');
    // keyUsage follows GM/T 0015 for SM2 keys, not the ECDSA rules.
    expect(keyFamily(sm2)).toBe('sm2');
    expect(algorithmOfSpki(sm2)).toBe('SM2');
    for (const algorithm of ['P-256', 'P-384', 'RSA-2048', 'RSA-3072'] as const) {
      expect(algorithmOfSpki(generatePrivateKey(algorithm).spki())).toBe(algorithm);
    }
    const k1 = der(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey);
    expect(algorithmOfSpki(k1)).toBeUndefined();
    expect(familyOf(readPublicKey(k1))).toBeUndefined();
    expect(familyOf(readPublicKey(der(generateKeyPairSync('ed25519').publicKey)))).toBeUndefined();
    expect(familyOf(readPublicKey(der(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey)))).toBeUndefined();
  });

  it('refuses an SM2 point that is not on the curve', () => {
    const spki = Buffer.from(generatePrivateKey('SM2').spki());
    spki[spki.length - 1] = (spki[spki.length - 1] ?? 0) ^ 1;
    expect(() => readPublicKey(spki)).toThrow();
    expect(algorithmOfSpki(spki)).toBeUndefined();
  });
});
