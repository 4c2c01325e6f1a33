import type { EntityClass, EntityData, FilterQuery, QueryOrderMap } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Sealed } from '../key-encryption';
import type { KeySealer } from './key-sealer';

/**
 * The second half of a rotation of a key-encryption key: every row of `entity` still sealed under a previous
 * key is sealed again under the current one, a batch at a time (in the order of `key`, which is also the
 * associated data of the seal), each row only if it is unchanged since it was read. Returns how many were
 * re-sealed; afterwards the previous keys open nothing and can be dropped from the configuration.
 */
export async function resealRows<T extends Sealed>(
  em: EntityManager,
  entity: EntityClass<T>,
  key: keyof T & string,
  sealer: KeySealer,
  batchSize = 200,
): Promise<number> {
  let resealed = 0;
  let after: string | undefined;
  for (;;) {
    const fork = em.fork();
    const rows = await fork.find(entity, (after ? { [key]: { $gt: after } } : {}) as FilterQuery<T>, {
      orderBy: { [key]: 'asc' } as QueryOrderMap<T>,
      limit: batchSize,
      populate: ['iv', 'tag', 'ciphertext'] as never,
    });
    for (const row of rows) {
      const label = String(row[key]);
      if (sealer.opensWithCurrentKey(label, row)) continue;
      const sealed = sealer.seal(label, sealer.open(label, row));
      const unchanged = { [key]: label, ciphertext: row.ciphertext } as FilterQuery<T>;
      resealed += await fork.nativeUpdate(entity, unchanged, sealed as unknown as EntityData<T>);
    }
    const last = rows.at(-1);
    if (!last || rows.length < batchSize) return resealed;
    after = String(last[key]);
  }
}
