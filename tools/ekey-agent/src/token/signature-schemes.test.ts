import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { fromBER, type Integer, type Sequence } from 'asn1js';
import { rawEcdsaToDer } from './signature-schemes';

/** r‖s, each 32 bytes, of a DER `ECDSA-Sig-Value`. */
function rawOf(der: Buffer): Buffer {
  const sequence = fromBER(der).result as Sequence;
  const [r, s] = sequence.valueBlock.value.map((integer) =>
    Buffer.from((integer as Integer).toBigInt().toString(16).padStart(64, '0'), 'hex'),
  );
  return Buffer.concat([r ?? Buffer.alloc(0), s ?? Buffer.alloc(0)]);
}

describe('ECDSA signatures from PKCS#11 (raw r‖s) as DER', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });

  test('are the bytes node:crypto writes for the same signature, over 300 signatures (high bits, leading zeros)', () => {
    for (let i = 0; i < 300; i++) {
      const data = Buffer.from(`challenge ${i}`);
      const der = sign('sha256', data, privateKey);
      expect(rawEcdsaToDer(rawOf(der))).toEqual(der);
      const raw = sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
      expect(verify('sha256', data, publicKey, rawEcdsaToDer(raw))).toBe(true);
    }
  });
});
