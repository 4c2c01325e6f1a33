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
