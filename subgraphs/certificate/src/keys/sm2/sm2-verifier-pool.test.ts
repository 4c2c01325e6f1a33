import { generateSm2Key } from './sm2-key';
import { sm2Sign } from './sm2-signature';
import { sm2VerifyOffLoop } from './sm2-verifier-pool';

describe('SM2 verification on worker threads (issue 14)', () => {
  it('answers each of many verifications made at once: right signatures pass, altered ones fail', async () => {
    const key = generateSm2Key();
    const other = generateSm2Key();
    const data = Buffer.from('a certification request body');
    const signature = sm2Sign(key, data);
    const flipped = Buffer.from(signature);
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] as number) ^ 1;
    const cases = [
      { publicKey: key.publicKey, data, signature, expected: true },
      { publicKey: key.publicKey, data: Buffer.from('another body'), signature, expected: false },
      { publicKey: other.publicKey, data, signature, expected: false },
      { publicKey: key.publicKey, data, signature: flipped, expected: false },
    ];
    const many = Array.from({ length: 5 }, () => cases).flat();
    const answers = await Promise.all(many.map((c) => sm2VerifyOffLoop(c.publicKey, c.data, c.signature)));
    expect(answers).toEqual(many.map((c) => c.expected));
  });
});
