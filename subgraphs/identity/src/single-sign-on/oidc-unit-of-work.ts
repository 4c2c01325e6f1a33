import { AsyncLocalStorage } from 'node:async_hooks';
import type { AdapterPayload } from 'oidc-provider';

/** A record as one provider request knows it: its payload, or `null` when it does not exist (any more). */
type Known<T> = { value: T | null };

/** A write of the provider's storage, as SQL with `?` placeholders. */
export interface RecordWrite {
  sql: string;
  params: unknown[];
}

interface RequestRecords {
  known: Map<string, Known<unknown>>;
  /** The request's pending writes, one per record (the last one wins), in order. */
  writes: Map<string, RecordWrite>;
}

/**
 * One provider request as a unit of work. The token and code endpoints and userinfo each look up a
 * token and then, one statement at a time, its session, its grant and its account; the adapter reads
 * all four in one statement and the later lookups of the same request are answered from here. The
 * request's upserts and deletions wait here (later reads of the same request see them) and are
 * written together, in one statement, before the response leaves (`flush`): a step is stored whole
 * or not at all. Nothing is shared between requests, so any replica still serves any step.
 */
export class OidcUnitOfWork {
  private readonly storage = new AsyncLocalStorage<RequestRecords>();

  /** Runs one provider request as its own unit of work. */
  run<T>(request: () => T): T {
    return this.storage.run({ known: new Map(), writes: new Map() }, request);
  }

  /** Whether the current request is a unit of work (provider requests are; interaction pages are not). */
  get active(): boolean {
    return this.storage.getStore() !== undefined;
  }

  record(model: string, key: 'id' | 'uid', value: string): Known<AdapterPayload> | undefined {
    return this.storage.getStore()?.known.get(`${model}:${key}:${value}`) as Known<AdapterPayload> | undefined;
  }

  account<T>(id: string): Known<T> | undefined {
    return this.storage.getStore()?.known.get(`account:${id}`) as Known<T> | undefined;
  }

  /**
   * What the request wrote of record `model`/`id` (a later read of the request answers it): its payload,
   * found by id and by its uid, or `null` once destroyed (then no uid finds it either).
   */
  wrote(model: string, id: string, payload: AdapterPayload | null): void {
    const known = this.storage.getStore()?.known;
    if (!known) return;
    const before = known.get(`${model}:id:${id}`)?.value as AdapterPayload | null | undefined;
    known.set(`${model}:id:${id}`, { value: payload });
    if (payload && typeof payload.uid === 'string') known.set(`${model}:uid:${payload.uid}`, { value: payload });
    if (payload) return;
    if (typeof before?.uid === 'string') known.set(`${model}:uid:${before.uid}`, { value: null });
    for (const [key, entry] of known) {
      if (key.startsWith(`${model}:uid:`) && (entry.value as AdapterPayload | null)?.jti === id) {
        known.set(key, { value: null });
      }
    }
  }

  /** What the request read ahead of a record, unless it already knows better (its own write). */
  keepReadRecord(model: string, key: 'id' | 'uid', value: string, payload: AdapterPayload | null): void {
    const known = this.storage.getStore()?.known;
    const name = `${model}:${key}:${value}`;
    if (known && !known.has(name)) known.set(name, { value: payload });
  }

  keepAccount<T>(id: string, row: T | null): void {
    const known = this.storage.getStore()?.known;
    if (known && !known.has(`account:${id}`)) known.set(`account:${id}`, { value: row });
  }

  /** Forgets what was read of `model` (of every model without one). */
  forget(model?: string): void {
    const known = this.storage.getStore()?.known;
    for (const key of known?.keys() ?? []) if (!model || key.startsWith(`${model}:`)) known?.delete(key);
  }

  /**
   * Keeps the write of record `model`/`id` for the end of the request, replacing an earlier write
   * of the same record; false outside a unit of work (the caller writes at once).
   */
  defer(model: string, id: string, write: RecordWrite): boolean {
    const store = this.storage.getStore();
    if (!store) return false;
    const key = `${model}:${id}`;
    store.writes.delete(key);
    store.writes.set(key, write);
    return true;
  }

  /** Writes what the request deferred, in one statement, through `run`; nothing when nothing waits. */
  async flush(run: (write: RecordWrite) => Promise<unknown>): Promise<void> {
    const store = this.storage.getStore();
    if (!store || store.writes.size === 0) return;
    const writes = [...store.writes.values()];
    store.writes.clear();
    const [only] = writes;
    if (writes.length === 1 && only) {
      await run(only);
      return;
    }
    await run({
      sql: `with ${writes.map((write, i) => `"w${i}" as (${write.sql})`).join(', ')} select 1`,
      params: writes.flatMap((write) => write.params),
    });
  }
}
