import { GraphQLClient } from 'graphql-request';
import { currentScope, requestIdHeader } from '../server/request-scope';
import { Tracing } from '../tracing/tracing';
import type { ServiceTokenSource } from './service-tokens';

/**
 * A GraphQL client for one Tessera service calling another's graph: the caller's service token on every
 * request; while a request is being served, its request id, so that both services' log lines join the same
 * story, and its trace (`traceparent`, with tracing on); `timeoutMs` for each call.
 */
export function serviceGraphClient(
  url: string,
  tokens: ServiceTokenSource,
  options: { service: string; tracing?: Tracing; timeoutMs?: number },
): GraphQLClient {
  return new GraphQLClient(url, {
    requestMiddleware: async (request) => {
      const headers = new Headers(request.headers as ConstructorParameters<typeof Headers>[0]);
      headers.set('authorization', `Bearer ${await tokens.token()}`);
      const requestId = currentScope()?.requestId;
      if (requestId) headers.set(requestIdHeader, requestId);
      return { ...request, headers };
    },
    fetch: (options.tracing ?? Tracing.off()).fetch(options.service, options.timeoutMs ?? 10_000),
  });
}
