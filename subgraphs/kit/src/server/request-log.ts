import { performance } from 'node:perf_hooks';
import type { ApolloServerPlugin } from '@apollo/server';
import { currentScope } from './request-scope';

/**
 * One structured line per GraphQL request (operation, duration, error codes, SQL statements sent),
 * under the request id the gateway made: following that id across the gateway and subgraph logs
 * gives the whole story of a request.
 */
export function requestLogPlugin<C extends object>(): ApolloServerPlugin<C> {
  return {
    requestDidStart: async () => {
      const started = performance.now();
      return {
        willSendResponse: async ({ operationName, errors }) => {
          const scope = currentScope();
          scope?.log.info(
            {
              operation: operationName ?? null,
              durationMs: Math.round((performance.now() - started) * 10) / 10,
              errors: errors?.map((e) => e.extensions?.code ?? 'INTERNAL_SERVER_ERROR') ?? [],
              sqlStatements: scope?.sqlStatements ?? 0,
            },
            'graphql request',
          );
        },
      };
    },
  };
}
