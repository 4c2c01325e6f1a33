import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Config } from '../config/config';
import { DomainError } from '../errors/domain-error';
import { exceedsTokens } from '../limits/operation-limits';
import { sendRequestError } from './graphql-response';

interface RequestParams {
  query?: unknown;
  extensions?: { persistedQuery?: { sha256Hash?: unknown } };
}

/** The GraphQL-over-HTTP parameters of a POST body or a GET query string (where `extensions` is JSON). */
function paramsOf(req: Request): RequestParams {
  if (req.method !== 'GET') return typeof req.body === 'object' && req.body !== null ? (req.body as RequestParams) : {};
  const { query, extensions } = req.query as Record<string, unknown>;
  try {
    return { query, extensions: typeof extensions === 'string' ? JSON.parse(extensions) : undefined };
  } catch {
    return { query };
  }
}

/**
 * What every GraphQL endpoint of the platform refuses before Apollo sees the request, with a 400
 * and a typed code: a document of more tokens than `GRAPHQL_MAX_TOKENS` (counted without parsing
 * the rest), and a persisted query whose `sha256Hash` is not the hash of the query sent with it
 * (Apollo answers that with an untyped error every process would mask as internal).
 */
export function graphqlRequestGuard(config: Config) {
  const { maxTokens } = config.limits;
  return (req: Request, res: Response, next: NextFunction): void => {
    const refusal = refusalOf(paramsOf(req), maxTokens);
    if (refusal) sendRequestError(req, res, refusal);
    else next();
  };
}

function refusalOf({ query, extensions }: RequestParams, maxTokens: number): DomainError | undefined {
  if (typeof query !== 'string') return undefined;
  if (exceedsTokens(query, maxTokens)) {
    return new DomainError('OPERATION_LIMIT_EXCEEDED', { limit: 'tokens', max: maxTokens });
  }
  const hash = extensions?.persistedQuery?.sha256Hash;
  if (hash !== undefined && hash !== createHash('sha256').update(query).digest('hex')) {
    return new DomainError('PERSISTED_QUERY_HASH_MISMATCH');
  }
  return undefined;
}
