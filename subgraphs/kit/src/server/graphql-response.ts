import type { Request, Response } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import { catalogue, type ErrorEntry, messageFor } from '../errors/catalogue';
import type { DomainError } from '../errors/domain-error';
import { currentScope } from './request-scope';

const graphqlResponseJson = 'application/graphql-response+json';

/**
 * The media type of a GraphQL response to this request, as the GraphQL-over-HTTP spec and Apollo
 * choose it: `application/graphql-response+json` when the client prefers it, else `application/json`.
 */
export function graphqlMediaType(req: Request): string {
  return req.accepts(['application/json', graphqlResponseJson]) === graphqlResponseJson
    ? graphqlResponseJson
    : 'application/json';
}

/** Answers a request-level failure outside Apollo in the GraphQL error shape and the negotiated media type. */
export function sendGraphqlErrors(req: Request, res: Response, status: number, errors: GraphQLFormattedError[]): void {
  res
    .status(status)
    .type(`${graphqlMediaType(req)}; charset=utf-8`)
    .send(JSON.stringify({ errors }));
}

/** Answers a request that ends before execution with its domain error, in the caller's language. */
export function sendRequestError(req: Request, res: Response, error: DomainError): void {
  const entry: ErrorEntry = catalogue[error.code];
  const locale = currentScope()?.locale ?? 'zh-CN';
  const params = Object.fromEntries(
    Object.entries(error.extensions).filter((e): e is [string, string | number] =>
      ['string', 'number'].includes(typeof e[1]),
    ),
  );
  const { detail: _detail, http: _http, ...extensions } = error.extensions;
  sendGraphqlErrors(req, res, entry.httpStatus ?? 400, [
    { message: messageFor(error.code, locale, params), extensions },
  ]);
}
