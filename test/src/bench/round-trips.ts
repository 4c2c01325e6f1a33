import pg from 'pg';

/**
 * Every statement the platform in this process sends to PostgreSQL, counted at the driver (each one
 * a round trip): the ORM's queries, the begin and commit of its transactions and the kit's prepared
 * statements alike, whether or not they run in a request scope (the provider's routes have none).
 * It counts the whole process, so the benchmark reads it around one operation at a time.
 */
export class RoundTrips {
  private readonly tally = { statements: 0 };
  private readonly original = pg.Client.prototype.query;

  constructor() {
    const { original, tally } = this;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      tally.statements += 1;
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original;
  }

  get total(): number {
    return this.tally.statements;
  }

  stop(): void {
    pg.Client.prototype.query = this.original;
  }
}
