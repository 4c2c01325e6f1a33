import { helper, ReferenceKind } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { LoggedChange } from './operation-log';

/**
 * The INSERT of a new, not persisted entity, to be sent with an operation-log entry (`appendWith`)
 * instead of by the flush: its scalar properties and the keys of the relations it owns, converted by
 * the query builder as a flush would (JSON once).
 */
export function insertOf(em: EntityManager, row: object): LoggedChange {
  const values = row as Record<string, unknown>;
  const data: Record<string, unknown> = {};
  for (const prop of em.getMetadata().get(row.constructor.name).props) {
    const value = values[prop.name];
    if (value === undefined) continue;
    if (prop.kind === ReferenceKind.SCALAR) data[prop.name] = value;
    else if (prop.kind === ReferenceKind.MANY_TO_ONE || (prop.kind === ReferenceKind.ONE_TO_ONE && prop.owner))
      data[prop.name] = value && helper(value).getPrimaryKey();
  }
  const { sql, bindings } = em.createQueryBuilder(row.constructor.name).insert(data).getKnexQuery().toSQL();
  return { sql, bindings };
}
