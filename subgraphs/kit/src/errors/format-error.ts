import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Locale } from '../config/config';
import type { Logger } from '../log/logger';
import { currentScope } from '../server/request-scope';
import { catalogue, type ErrorEntry, isErrorCode, messageFor } from './catalogue';
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
 * SQLSTATEs of PostgreSQL data exceptions that bad input causes: invalid text representation
 * (22P02, a non-UUID in a uuid column), character not in repertoire (22021, NUL), value too long
 * (22001), numeric value out of range (22003), invalid datetime (22007, 22008), negative LIMIT or
 * OFFSET (2201W, 2201X). The edge refuses such input first; these catch whatever slips past it.
 */
const dataExceptions = new Set(['22P02', '22021', '22001', '22003', '22007', '22008', '2201W', '2201X']);

/** SQLSTATE 57014, query_canceled: a statement that outran `statement_timeout` (DATABASE_STATEMENT_TIMEOUT_MS). */
const statementTimeouts = new Set(['57014']);

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
      if (sqlStateIn(statementTimeouts, error)) {
        (scope?.log ?? fallbackLog).warn({ err: error, path: formatted.path }, 'statement timeout');
        return {
          message: messageFor('SERVICE_TIMEOUT', locale),
          ...(formatted.path ? { path: formatted.path } : {}),
          extensions: { code: 'SERVICE_TIMEOUT' },
        };
      }
      const sqlState = sqlStateIn(dataExceptions, error);
      if (sqlState) {
        (scope?.log ?? fallbackLog).warn(
          { err: error, path: formatted.path, sqlState },
          'input refused by the database',
        );
        return {
          message: messageFor('BAD_USER_INPUT', locale),
          ...(formatted.path ? { path: formatted.path } : {}),
          extensions: { code: 'BAD_USER_INPUT' },
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
