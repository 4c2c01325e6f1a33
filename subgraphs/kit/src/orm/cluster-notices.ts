import type { EntityManager } from '@mikro-orm/postgresql';
import { Client } from 'pg';

/** How long a lost listening connection waits before it connects again. */
/** How long opening the listening connection may take. */
const connectTimeoutMs = 5_000;
const reconnectMs = 1_000;

/**
 * Tells every replica of a service that something its memory holds has changed (PostgreSQL
 * `NOTIFY`), after the change committed; each replica's {@link ClusterNotices} hears it.
 */
export async function notifyCluster(em: EntityManager, channel: string, payload = ''): Promise<void> {
  await em.getConnection().execute('select pg_notify(?, ?)', [channel, payload]);
}

/**
 * Listens on one channel with a connection of its own (PostgreSQL `LISTEN`) and calls `onNotice`
 * for each notice, within milliseconds of the notifier's commit. A lost connection is opened again;
 * notices sent meanwhile are lost, so `onNotice(undefined)` then says "anything may have changed".
 */
export class ClusterNotices {
  private client?: Client;
  private closed = false;
  private retry?: NodeJS.Timeout;

  private constructor(
    private readonly databaseUrl: string,
    private readonly channel: string,
    private readonly onNotice: (payload: string | undefined) => void,
    private readonly onLost: (error: unknown) => void,
  ) {}

  static async listen(
    databaseUrl: string,
    channel: string,
    onNotice: (payload: string | undefined) => void,
    onLost: (error: unknown) => void = () => undefined,
  ): Promise<ClusterNotices> {
    const notices = new ClusterNotices(databaseUrl, channel, onNotice, onLost);
    await notices.connect();
    return notices;
  }

  /** Whether notices are heard now: false from a lost connection until it is open again (notices meanwhile are lost). */
  get listening(): boolean {
    return this.client !== undefined && !this.closed;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    // A connect that hangs would end the retries: it gives up, and the next retry comes.
    const client = new Client({ connectionString: this.databaseUrl, connectionTimeoutMillis: connectTimeoutMs });
    client.on('notification', (message) => {
      if (message.channel === this.channel) this.onNotice(message.payload);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    await client.connect();
    await client.query(`listen "${this.channel}"`);
    this.client = client;
  }

  private lost(client: Client, error?: Error): void {
    if (this.closed || this.client !== client) return;
    this.client = undefined;
    this.onLost(error ?? new Error(`cluster notices on ${this.channel}: connection ended; listening again`));
    this.onNotice(undefined);
    const again = () => {
      if (this.closed) return;
      this.connect()
        .then(() => this.onNotice(undefined))
        .catch(() => {
          this.retry = setTimeout(again, reconnectMs);
          this.retry.unref();
        });
    };
    this.retry = setTimeout(again, reconnectMs);
    this.retry.unref();
  }
}
