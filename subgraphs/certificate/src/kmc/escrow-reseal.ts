import type { EntityManager } from '@mikro-orm/postgresql';
import type { KeySealer } from '../keys/software/key-sealer';
import { KeyEscrow } from './key-escrow.entity';

/**
 * The second half of a rotation of the KMC's key-encryption key (CT-1): every escrowed key still sealed
 * under a previous key is sealed again under the current one, a batch at a time, each row only if it is
 * unchanged since it was read. Returns how many were re-sealed; afterwards the previous keys open nothing
 * and can be dropped from KMC_PREVIOUS_KEY_ENCRYPTION_KEYS.
 */
export async function resealEscrowedKeys(em: EntityManager, sealer: KeySealer, batchSize = 200): Promise<number> {
  let resealed = 0;
  let after: string | undefined;
  for (;;) {
    const fork = em.fork();
    const escrows = await fork.find(KeyEscrow, after ? { id: { $gt: after } } : {}, {
      orderBy: { id: 'asc' },
      limit: batchSize,
      populate: ['iv', 'tag', 'ciphertext'],
    });
    for (const escrow of escrows) {
      if (sealer.opensWithCurrentKey(escrow.id, escrow)) continue;
      const sealed = sealer.seal(escrow.id, sealer.open(escrow.id, escrow));
      resealed += await fork.nativeUpdate(KeyEscrow, { id: escrow.id, ciphertext: escrow.ciphertext }, sealed);
    }
    const last = escrows.at(-1);
    if (!last || escrows.length < batchSize) return resealed;
    after = last.id;
  }
}
