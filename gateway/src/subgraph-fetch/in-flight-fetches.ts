/**
 * Identical work in flight at once, done once: the first caller of a key starts it, the callers
 * that ask for the same key before it settles get the same promise, and the key is forgotten as
 * soon as it settles (nothing is cached). The key must hold everything that makes two calls
 * different, the caller's identity included.
 */
export class InFlight<T> {
  private readonly pending = new Map<string, Promise<T>>();

  run(key: string, work: () => Promise<T>): Promise<T> {
    const joined = this.pending.get(key);
    if (joined) return joined;
    const started = work().finally(() => this.pending.delete(key));
    this.pending.set(key, started);
    return started;
  }

  /** Keys in flight now. */
  get size(): number {
    return this.pending.size;
  }
}
