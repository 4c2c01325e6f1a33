import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Locale } from '../config/config';
import type { Logger } from '../log/logger';
import { currentScope } from '../server/request-scope';
import { catalogue, type ErrorCode, type ErrorEntry, isErrorCode, messageFor } from './catalogue';
import { DomainError } from './domain-error';

interface ValidationIssue {
  property?: string;
  constraints?: Record<string, string>;
  children?: ValidationIssue[];
}

/** class-validator issues carry the rejected object and value; only names and rules leave. */
function safeIssues(issues: ValidationIssue[]): ValidationIssue[] {
  return issues.map(({ property, constraints, children }) => ({
    property,
    constraints,
    ...(children?.length ? { children: safeIssues(children) } : {}),
  }));
}

/**
 * The catalogue code of a failure without one of its own: a statement that outran `statement_timeout`
 * (SQLSTATE 57014) is `SERVICE_TIMEOUT`; a PostgreSQL data exception that bad input causes (22P02 a non-UUID
 * in a uuid column, 22021 NUL, 22001 value too long, 22003 numeric out of range, 22007/22008 invalid
 * datetime, 2201W/2201X negative LIMIT or OFFSET: the edge refuses such input first, these catch whatever
 * slips past it) is `BAD_USER_INPUT`; a database that cannot be reached or gives no free connection in time
 * (`databaseUnavailable`) is `SERVICE_UNAVAILABLE`; a `DomainError` keeps its code; anything else is
 * `INTERNAL_SERVER_ERROR`. Requests and scheduled jobs classify their failures with it alike.
 */
export function failureCode(error: unknown): ErrorCode {
  if (error instanceof DomainError) return error.code;
  if (databaseUnavailable(error)) return 'SERVICE_UNAVAILABLE';
  if (sqlStateIn(statementTimeouts, error)) return 'SERVICE_TIMEOUT';
  if (sqlStateIn(dataExceptions, error)) return 'BAD_USER_INPUT';
  return 'INTERNAL_SERVER_ERROR';
}

const dataExceptions = new Set(['22P02', '22021', '22001', '22003', '22007', '22008', '2201W', '2201X']);

const statementTimeouts = new Set(['57014']);

/**
 * SQLSTATEs and socket errors of a database out of reach: connection exceptions (08000, 08001, 08003, 08004,
 * 08006), the server shutting down or starting (57P01–57P03), too many connections (53300), and the
 * socket's own refusals.
 */
const unavailableStates = new Set([
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ETIMEDOUT',
]);

const connectionTimeouts = /^(Knex: Timeout acquiring a connection|Connection terminated due to connection timeout)/;

/**
 * No connection in time: the pool's wait (knex's `KnexTimeoutError`, which MikroORM rethrows as a
 * `DriverException` with its message) or pg's connect timeout.
 */
function databaseUnavailable(error: unknown, depth = 0): boolean {
  if (sqlStateIn(unavailableStates, error)) return true;
  if (error === null || typeof error !== 'object' || depth > 5) return false;
  const { name, message, originalError, previous, cause } = error as Record<string, unknown>;
  if (name === 'KnexTimeoutError') return true;
  if (typeof message === 'string' && connectionTimeouts.test(message)) return true;
  return [originalError, previous, cause].some((inner) => databaseUnavailable(inner, depth + 1));
}

/** The first SQLSTATE of `states` anywhere in an error's chain (GraphQL, MikroORM, pg). */
function sqlStateIn(states: ReadonlySet<string>, error: unknown, depth = 0): string | undefined {
  if (error === null || typeof error !== 'object' || depth > 5) return undefined;
  const { code, sqlState, originalError, previous, cause } = error as Record<string, unknown>;
  for (const state of [sqlState, code]) if (typeof state === 'string' && states.has(state)) return state;
  for (const inner of [originalError, previous, cause]) {
    const found = sqlStateIn(states, inner, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** What is logged, as a warning, of a failure classified by `failureCode` rather than masked. */
const warnings: Partial<Record<ErrorCode, string>> = {
  SERVICE_TIMEOUT: 'statement timeout',
  BAD_USER_INPUT: 'input refused by the database',
  SERVICE_UNAVAILABLE: 'database unavailable',
};

/** Extensions that describe internals (stack, raw subgraph response, inputs) and never leave. */
const internalExtensions = new Set(['stacktrace', 'exception', 'validationErrors', 'http', 'response']);

/**
 * A domain error Apollo wrapped in one of its own (a validation rule's report becomes a
 * `GRAPHQL_VALIDATION_FAILED`): its code is the more precise one, and it keeps it.
 */
function wrappedDomainError(error: unknown): DomainError | undefined {
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  return original instanceof DomainError && original !== error ? original : undefined;
}

/**
 * Apollo `formatError` for every process: errors with a catalogue code keep it and get the
 * message of the caller's locale; anything else is logged in full and masked, so no stack
 * trace, SQL or internal message ever leaves.
 */
export function createErrorFormatter(fallbackLog: Logger, defaultLocale: Locale) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const scope = currentScope();
    const locale = scope?.locale ?? defaultLocale;
    const { code, ...rest } = { ...formatted.extensions, ...wrappedDomainError(error)?.extensions };
    if (!isErrorCode(code) || code === 'INTERNAL_SERVER_ERROR') {
      const classified = failureCode(error);
      if (classified !== 'INTERNAL_SERVER_ERROR' && classified in warnings) {
        (scope?.log ?? fallbackLog).warn({ err: error, path: formatted.path }, warnings[classified]);
        return {
          message: messageFor(classified, locale),
          ...(formatted.path ? { path: formatted.path } : {}),
          extensions: { code: classified },
        };
      }
      (scope?.log ?? fallbackLog).error({ err: error, path: formatted.path }, 'unexpected error (masked)');
      return {
        message: messageFor('INTERNAL_SERVER_ERROR', locale),
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      };
    }
    const extensions: Record<string, unknown> = { code };
    for (const [key, value] of Object.entries(rest)) {
      if (!internalExtensions.has(key) && key !== 'detail') extensions[key] = value;
    }
    if (Array.isArray(rest.validationErrors)) extensions.issues = safeIssues(rest.validationErrors);
    const params = Object.fromEntries(
      Object.entries(extensions).filter((e): e is [string, string | number] =>
        ['string', 'number'].includes(typeof e[1]),
      ),
    );
    let message = messageFor(code, locale, params);
    const entry: ErrorEntry = catalogue[code];
    const detail = typeof rest.detail === 'string' ? rest.detail : formatted.message;
    if (entry.withDetail && detail && detail !== message) {
      extensions.detail = detail;
      message = `${message}: ${detail}`;
    }
    return { ...formatted, message, extensions };
  };
}
