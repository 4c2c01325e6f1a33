import { ApolloArmor } from '@escape.tech/graphql-armor';
import { type GraphQLError, Lexer, Source, TokenKind, type ValidationContext } from 'graphql';
import type { Config } from '../config/config';
import { DomainError } from '../errors/domain-error';

/** The limit an operation broke, as `extensions.limit` of `OPERATION_LIMIT_EXCEEDED` names it. */
export type OperationLimit = 'depth' | 'aliases' | 'cost' | 'directives' | 'tokens';

const maxDirectives = 50;

/** Reports a graphql-armor rejection as a typed error (the formatter keeps its code through Apollo's wrapping). */
function rejectAs(limit: OperationLimit, max: number) {
  return {
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) =>
        context?.reportError(new DomainError('OPERATION_LIMIT_EXCEEDED', { limit, max, detail: error.message })),
    ],
  };
}

/**
 * The depth, alias, cost and directive limits (graphql-armor validation rules) of every GraphQL
 * server of the platform: the gateway checks the client's document with them, and each subgraph
 * checks what it receives with the same ones, so a subgraph reached directly is no softer target.
 * Field suggestions are hidden in production (they leak the schema). Tokens are counted before
 * parsing, by `countTokens` in the request guard.
 */
export function operationLimits(config: Config) {
  const { limits } = config;
  return new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ...rejectAs('depth', limits.maxDepth) },
    maxAliases: { n: limits.maxAliases, ...rejectAs('aliases', limits.maxAliases) },
    costLimit: { maxCost: limits.maxCost, ...rejectAs('cost', limits.maxCost) },
    maxDirectives: { n: maxDirectives, ...rejectAs('directives', maxDirectives) },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: config.env === 'production' },
  }).protect();
}

/**
 * Whether `query` has more than `max` lexical tokens, lexing no further than that: a document of
 * megabytes costs no more than a short one. Lexing errors are left to the parser.
 */
export function exceedsTokens(query: string, max: number): boolean {
  const lexer = new Lexer(new Source(query));
  try {
    for (let count = 0; count <= max; count++) {
      if (lexer.advance().kind === TokenKind.EOF) return false;
    }
    return true;
  } catch {
    return false;
  }
}
