import { type EntityName, OptimisticLockError } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '@tessera/kit';

/** The record with this id, or NOT_FOUND. */
export async function findOrFail<T extends object>(em: EntityManager, entity: EntityName<T>, id: string): Promise<T> {
  const found = await em.findOne(entity, { id } as never);
  if (!found) throw new DomainError('NOT_FOUND');
  return found;
}

/** Flushes; a record someone else changed since it was read (its version moved) is a CONFLICT. */
export async function flushOrConflict(em: EntityManager): Promise<void> {
  try {
    await em.flush();
  } catch (error) {
    if (error instanceof OptimisticLockError) throw new DomainError('CONFLICT');
    throw error;
  }
}
