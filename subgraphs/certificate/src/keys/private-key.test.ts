import { verify } from 'node:crypto';
import { algorithmTraits, type KeyAlgorithm } from './key-algorithm';
import { generatePrivateKey } from './private-key';
import { publicKeyObject } from './public-key';

/** Whether the event loop went round (a `setImmediate` ran) before `work` settled. */
async function loopTurnedDuring(work: () => Promise<unknown>): Promise<boolean> {
  let turned = false;
  const immediate = setImmediate(() => {
    turned = true;
  });
  await work();
  clearImmediate(immediate);
  return turned;
}

describe('software private keys (CT-4, issue 16 goal 5)', () => {
  const data = Buffer.from('a TBSCertificate, say');

  it.each<KeyAlgorithm>(['RSA-2048', 'RSA-3072'])(
    'sign %s on the thread pool: the event loop goes on serving while the signature is made',
    async (algorithm) => {
      const key = generatePrivateKey(algorithm);
      let signature: Buffer | undefined;
      // The signature takes a third of a millisecond or more, elsewhere: the immediate queued before it runs first.
      // Signed on the event loop, the signature was there in the same turn.
      expect(
        await loopTurnedDuring(async () => {
          signature = await key.sign(data);
        }),
      ).toBe(true);
      expect(signature && verify(algorithmTraits[algorithm].hash, data, publicKeyObject(key.spki()), signature)).toBe(
        true,
      );
    },
  );

  it.each<KeyAlgorithm>(['P-256', 'P-384'])(
    'sign %s as X.509 carries ECDSA signatures, a DER SEQUENCE of two INTEGERs',
    async (algorithm) => {
      const key = generatePrivateKey(algorithm);
      const signature = await key.sign(data);
      expect(signature[0]).toBe(0x30);
      const hash = algorithmTraits[algorithm].hash;
      expect(verify(hash, data, { key: publicKeyObject(key.spki()), dsaEncoding: 'der' }, signature)).toBe(true);
    },
  );
});
