import { randomBytes } from 'node:crypto';

/**
 * Values kept in this process's memory under random ids, each for a limited time. An example's store: a
 * business system with several replicas keeps its sessions where every replica sees them.
 */
export class MemoryStore<T> {
  private readonly entries = new Map<string, { value: T; expiresAt: number }>();

  constructor(private readonly ttlMs: number) {}

  /** Keeps `value` and returns its new id. */
  put(value: T): string {
    this.forgetExpired();
    const id = randomBytes(24).toString('base64url');
    this.entries.set(id, { value, expiresAt: Date.now() + this.ttlMs });
    return id;
  }

  get(id: unknown): T | undefined {
    if (typeof id !== 'string') return undefined;
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt > Date.now()) return entry.value;
    this.entries.delete(id);
    return undefined;
  }

  /** Returns the value and forgets it, so it serves once. */
  take(id: unknown): T | undefined {
    const value = this.get(id);
    if (value !== undefined) this.entries.delete(id as string);
    return value;
  }

  delete(id: unknown): void {
    if (typeof id === 'string') this.entries.delete(id);
  }

  /** Forgets every value `matches` selects and says how many there were. */
  deleteWhere(matches: (value: T) => boolean): number {
    let deleted = 0;
    for (const [id, entry] of this.entries) {
      if (matches(entry.value)) {
        this.entries.delete(id);
        deleted += 1;
      }
    }
    return deleted;
  }

  private forgetExpired(): void {
    const now = Date.now();
    for (const [id, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(id);
  }
}
