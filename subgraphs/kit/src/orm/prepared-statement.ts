import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import pg from 'pg';

/** One SQL statement with `?` placeholders and its parameters. */
export interface Statement {
  sql: string;
  params: unknown[];
  /**
   * Dates and times as `Date`s (pg's own parsing), for rows served as they are. Unset, they come as
   * the ORM's connections give them: timestamps as PostgreSQL's text.
   */
  dates?: boolean;
}

/** pg's default parsers, which the ORM's connections override for dates and times. */
const pgTypes = { getTypeParser: pg.types.getTypeParser };

/**
 * A FROM item that lets the statement's own transaction commit without waiting for its WAL to
 * reach the disk (PostgreSQL's asynchronous commit; the WAL writer flushes within 3 ×
 * wal_writer_delay). A crash can then lose the last fraction of a second of such commits, never
 * corrupt anything: only for rows whose loss costs a retry, such as a sign-in's session.
 */
export const asynchronousCommit = `(select set_config('synchronous_commit', 'off', true)) as "asynchronous_commit"`;

/** A statement as PostgreSQL prepares it: a name that stands for one text, `$n` placeholders. */
interface Prepared {
  name: string;
  text: string;
}

const preparedByText = new Map<string, Prepared>();

/** Statements announced to knex's listeners, to give each its id. */
let announced = 0;

function prepared(sql: string): Prepared {
  let found = preparedByText.get(sql);
  if (!found) {
    let position = 0;
    found = {
      name: `tessera_${createHash('sha256').update(sql).digest('hex').slice(0, 32)}`,
      text: sql.replace(/\?/g, () => `$${++position}`),
    };
    preparedByText.set(sql, found);
  }
  return found;
}

/**
 * Runs a statement of a hot path as a named prepared statement on a connection of the ORM's
 * pool: PostgreSQL parses and plans it once per connection and afterwards only executes it, with
 * the parameters sent apart from the text (`em.execute` inlines them, so every call is a new text
 * to parse and plan), and the query builder is skipped. Every `?` in the text is a placeholder.
 * The statement is a transaction of its own, outside any the caller's `em` may be in. Returns the
 * rows; counted in the request's statements like the ORM's own.
 */
export async function executePrepared<T = Record<string, unknown>>(
  em: EntityManager,
  statement: Statement,
): Promise<T[]> {
  // Counted and announced where the ORM's own are (`onQuery`, knex's query events: the request log's count,
  // the benchmarks' counters, tracing), so that whoever observes the statements sees these too.
  em.config.get('onQuery')(statement.sql, statement.params);
  const knex = em.getConnection().getKnex();
  const query = { __knexQueryUid: `prepared-${++announced}`, sql: statement.sql, method: 'raw' };
  knex.emit('query', query);
  const { name, text } = prepared(statement.sql);
  const pool = knex.client;
  const connection = await pool.acquireConnection();
  try {
    const result = await connection.query({
      name,
      text,
      values: statement.params,
      ...(statement.dates && { types: pgTypes }),
    });
    knex.emit('query-response', result, query);
    return result.rows as T[];
  } catch (error) {
    knex.emit('query-error', error, query);
    throw em
      .getPlatform()
      .getExceptionConverter()
      .convertException(error as Error);
  } finally {
    await pool.releaseConnection(connection);
  }
}
