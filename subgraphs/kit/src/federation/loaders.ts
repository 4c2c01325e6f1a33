import type { EntityClass, FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { executePrepared } from '../orm/prepared-statement';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Per-request DataLoaders. `__resolveReference` and one-to-many field resolvers go through
 * them so the gateway's batched entity fetches cost one `IN` query per type per request.
 */
export class Loaders {
  private readonly loaders = new Map<string, DataLoader<string, unknown>>();

  constructor(private readonly em: EntityManager) {}

  /**
   * Loads entities of `entity` by primary key `id` (a UUID); missing ids give null. A string that
   * cannot be a UUID is not looked up at all: a client's malformed id is "not found", not a SQL error.
   */
  byId<T extends { id: string }>(entity: EntityClass<T>): DataLoader<string, T | null> {
    return this.memo(`id:${entity.name}`, async (ids) => {
      const keys = ids.filter((id) => uuid.test(id));
      const rows = keys.length ? await this.em.find(entity, { id: { $in: keys } } as unknown as FilterQuery<T>) : [];
      const byKey = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byKey.get(id) ?? null);
    });
  }

  /**
   * Plain rows by id for read paths (a lookup by id, `__resolveReference`): `sql` selects from one
   * table `where "id" = any(?::uuid[])`, and runs as one prepared statement per batch (no query
   * builder, no entity mapping, nothing in the identity map; dates as `Date`s). Ids that cannot be UUIDs are null
   * without a query, as with `byId`; one loader per statement text and request.
   */
  rowsById<R extends { id: string }>(sql: string): DataLoader<string, R | null> {
    return this.memo(`rows:${sql}`, async (ids) => {
      const keys = [...new Set(ids.filter((id) => uuid.test(id)))];
      const rows = keys.length ? await executePrepared<R>(this.em, { sql, params: [keys], dates: true }) : [];
      const byKey = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byKey.get(id) ?? null);
    });
  }

  /**
   * Loads the rows of `entity` whose `field` equals each key, grouped per key (one-to-many). `field`
   * may be a column or a relation (grouped by the related entity's id).
   */
  groupedBy<T extends object, F extends keyof T & string>(
    entity: EntityClass<T>,
    field: F,
    orderBy: Partial<Record<keyof T & string, 'asc' | 'desc'>> = {},
  ): DataLoader<string, T[]> {
    return this.memo(`group:${entity.name}.${field}`, async (keys) => {
      const rows = await this.em.find(entity, { [field]: { $in: [...keys] } } as unknown as FilterQuery<T>, {
        orderBy: orderBy as never,
      });
      const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
      for (const row of rows) {
        const value = row[field] as unknown;
        groups
          .get(String(typeof value === 'object' && value !== null ? (value as { id: unknown }).id : value))
          ?.push(row);
      }
      return keys.map((k) => groups.get(k) ?? []);
    });
  }

  /**
   * A loader over the caller's own batch function, one per `name` and request, for reads the two
   * above cannot express (a filter, a join). `batch` answers one value per key, in the keys' order.
   */
  batched<V>(name: string, batch: (keys: readonly string[]) => Promise<V[]>): DataLoader<string, V> {
    return this.memo(`batched:${name}`, batch);
  }

  private memo<V>(key: string, batch: (keys: readonly string[]) => Promise<V[]>): DataLoader<string, V> {
    let loader = this.loaders.get(key) as DataLoader<string, V> | undefined;
    if (!loader) {
      loader = new DataLoader<string, V>(batch, { maxBatchSize: 500 });
      this.loaders.set(key, loader as DataLoader<string, unknown>);
    }
    return loader;
  }
}
