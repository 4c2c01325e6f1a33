import { createECDH, createHash, randomBytes } from 'node:crypto';
import { sm2 as independentSm2 } from 'sm-crypto';
import { sm2 } from 'sm-crypto-v2';
import { generateSm2Key, sm2Order as n } from './sm2-key';
import { sm2DistinguishingId } from './sm2-signature';
import { sm2VerifyNative } from './sm2-verification';

const id = sm2DistinguishingId;
const p = 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn;

const hex32 = (value: bigint) => value.toString(16).padStart(64, '0');
const big = (bytes: Buffer | string) => BigInt(`0x${Buffer.isBuffer(bytes) ? bytes.toString('hex') : bytes}`);
const mod = (value: bigint, modulus: bigint) => ((value % modulus) + modulus) % modulus;
const power = (base: bigint, exponent: bigint, modulus: bigint): bigint => {
  let result = 1n;
  let b = mod(base, modulus);
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
};
const inverse = (value: bigint) => power(value, n - 2n, n);

/** e = SM3(Z ‖ data) computed by sm-crypto-v2, which Tessera's verification does not use for it. */
function digest(publicKey: string, data: Buffer): bigint {
  return big(sm2.getHash(new Uint8Array(data), publicKey, id));
}

/** A raw SM2 signature of the digest `e` with the scalar `d` (GM/T 0003.2 §6.1), for signatures no library makes. */
function signDigest(e: bigint, d: bigint): { r: bigint; s: bigint } {
  const ecdh = createECDH('SM2');
  for (;;) {
    const k = mod(big(randomBytes(32)), n - 1n) + 1n;
    ecdh.setPrivateKey(Buffer.from(hex32(k), 'hex'));
    const r = mod(e + big(ecdh.getPublicKey().subarray(1, 33)), n);
    const s = mod(inverse(1n + d) * (k - r * d), n);
    if (r !== 0n && r + k !== n && s !== 0n) return { r, s };
  }
}

function split(signatureHex: string): { r: bigint; s: bigint } {
  return { r: big(signatureHex.slice(0, 64)), s: big(signatureHex.slice(64)) };
}

describe('SM2 verification on OpenSSL arithmetic (issue 14)', () => {
  const verify = (publicKey: string, data: Buffer, r: bigint, s: bigint) =>
    sm2VerifyNative(Buffer.from(publicKey, 'hex'), data, r, s, id);

  it('agrees with sm-crypto-v2 on valid and altered signatures of random keys and messages, and with sm-crypto on some', () => {
    const verdicts: { ours: boolean; theirs: boolean }[] = [];
    for (let i = 0; i < 24; i += 1) {
      const key = generateSm2Key();
      const data = randomBytes(i * 13);
      const { r, s } = split(
        sm2.doSignature(new Uint8Array(data), key.d, { hash: true, publicKey: key.publicKey, userId: id }),
      );
      const other = generateSm2Key();
      const cases: [string, Buffer, bigint, bigint][] = [
        [key.publicKey, data, r, s],
        [key.publicKey, Buffer.concat([data, Buffer.from([0])]), r, s],
        [key.publicKey, data, r, mod(s + 1n, n)],
        [key.publicKey, data, mod(r + 1n, n), s],
        [key.publicKey, data, s, r],
        [other.publicKey, data, r, s],
      ];
      for (const [publicKey, message, cr, cs] of cases) {
        const raw = hex32(cr) + hex32(cs);
        const theirs = sm2.doVerifySignature(new Uint8Array(message), raw, publicKey, { hash: true, userId: id });
        // sm-crypto (jsbn, a quarter of a second a verification) on the first key's cases only.
        if (i === 0) {
          expect(
            independentSm2.doVerifySignature(Array.from(message), raw, publicKey, { hash: true, userId: id }),
          ).toBe(theirs);
        }
        verdicts.push({ ours: verify(publicKey, message, cr, cs), theirs });
      }
    }
    expect(verdicts.filter((v) => v.theirs)).toHaveLength(24);
    expect(verdicts.map((v) => v.ours)).toEqual(verdicts.map((v) => v.theirs));
  });

  it('hashes the distinguishing identifier into Z: the same signature fails under another identifier', () => {
    const key = generateSm2Key();
    const data = Buffer.from('证书申请');
    const { r, s } = split(
      sm2.doSignature(new Uint8Array(data), key.d, { hash: true, publicKey: key.publicKey, userId: id }),
    );
    expect(sm2VerifyNative(Buffer.from(key.publicKey, 'hex'), data, r, s, id)).toBe(true);
    expect(sm2VerifyNative(Buffer.from(key.publicKey, 'hex'), data, r, s, '')).toBe(false);
    expect(sm2VerifyNative(Buffer.from(key.publicKey, 'hex'), data, r, s, '1234567812345679')).toBe(false);
  });

  it('computes s·G + t·P exactly: a signature made for −P (same x-coordinates, other point) is refused', () => {
    const key = generateSm2Key();
    const d = big(key.d);
    const data = Buffer.from('negated key');
    const e = digest(key.publicKey, data);
    // Signed with n − d, whose public point is −P: s·G + t·(−P) has the right x, s·G + t·P has not.
    const negated = signDigest(e, n - d);
    expect(verify(key.publicKey, data, negated.r, negated.s)).toBe(false);
    const honest = signDigest(e, d);
    expect(verify(key.publicKey, data, honest.r, honest.s)).toBe(true);
  });

  it('refuses the degenerate cases the standard refuses, without throwing', () => {
    const key = generateSm2Key();
    const d = big(key.d);
    const data = Buffer.from('degenerate');
    const { r, s } = split(
      sm2.doSignature(new Uint8Array(data), key.d, { hash: true, publicKey: key.publicKey, userId: id }),
    );
    for (const [cr, cs] of [
      [0n, s],
      [r, 0n],
      [n, s],
      [r, n],
      [r + n, s],
      [r, s + n],
      [-r, s],
      [r, n - r], // t = r + s = n
    ] as const) {
      expect(verify(key.publicKey, data, cr, cs)).toBe(false);
    }
    // u·G = −P, so W = u·G + P is the point at infinity: s = −d·t.
    const t = 12345n;
    const sInfinity = mod(-d * t, n);
    expect(verify(key.publicKey, data, mod(t - sInfinity, n), sInfinity)).toBe(false);
    // Points that are not the signer's: off the curve, compressed, the wrong length, coordinates ≥ p.
    const point = Buffer.from(key.publicKey, 'hex');
    const offCurve = Buffer.from(point);
    offCurve[64] = (offCurve[64] as number) ^ 1;
    const compressed = Buffer.concat([Buffer.from([2 + ((point[64] as number) & 1)]), point.subarray(1, 33)]);
    const x = big(point.subarray(1, 33));
    const y = big(point.subarray(33));
    const wrapped = Buffer.concat([Buffer.from([4]), Buffer.from(hex32(x + p), 'hex'), Buffer.from(hex32(y), 'hex')]);
    for (const bad of [offCurve, compressed, point.subarray(0, 64), Buffer.alloc(65), wrapped]) {
      expect(sm2VerifyNative(bad, data, r, s, id)).toBe(false);
    }
  });

  it('hashes e = SM3(Z ‖ M) as sm-crypto-v2 does', () => {
    const key = generateSm2Key();
    const data = randomBytes(100);
    const e = digest(key.publicKey, data);
    const { r, s } = signDigest(e, big(key.d));
    expect(verify(key.publicKey, data, r, s)).toBe(true);
    expect(createHash('sm3').update('abc').digest('hex')).toBe(
      '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0',
    );
  });
});
