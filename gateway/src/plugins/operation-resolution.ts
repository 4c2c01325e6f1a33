import type { ApolloServerPlugin } from '@apollo/server';
import { DomainError } from '@tessera/kit';

/**
 * An `operationName` the document does not define ends the request with a typed error and a 400:
 * the gateway's executor would otherwise throw an untyped one, which every process masks as
 * internal, and an error thrown here without a status would be a 500.
 */
export function operationResolutionPlugin<C extends object>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request }) {
          if (operation) return;
          const detail = request.operationName
            ? `Unknown operation named "${request.operationName}".`
            : 'Must provide operation name if query contains multiple operations.';
          throw DomainError.ofRequest('OPERATION_RESOLUTION_FAILURE', { detail });
        },
      };
    },
  };
}
