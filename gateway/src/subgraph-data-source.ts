import { type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { catalogue, DomainError, type ErrorEntry, isErrorCode, requestIdHeader } from '@tessera/kit';
import type { Histogram } from 'prom-client';
import type { GatewayContext } from './context';

/**
 * Calls one subgraph for the gateway: forwards the caller's `Authorization` (every subgraph
 * verifies the token itself), the request id, the language and the caller's address, and times
 * each fetch. A subgraph that refuses the whole request (a token it finds invalid, a session it
 * knows has ended) is answered as the gateway refuses it itself: same code, same HTTP status.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly name: string,
    url: string,
    private readonly latency: Histogram<'subgraph' | 'outcome'>,
  ) {
    super({ url });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http?.headers;
    if (!headers || !context) return;
    if (context.authorization) headers.set('authorization', context.authorization);
    if (context.requestId) headers.set(requestIdHeader, context.requestId);
    if (context.locale) headers.set('accept-language', context.locale);
    if (context.clientAddress) headers.set('x-forwarded-for', context.clientAddress);
  }

  override async errorFromResponse(
    response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0],
  ): ReturnType<RemoteGraphQLDataSource['errorFromResponse']> {
    const error = await super.errorFromResponse(response);
    const body = (error.extensions.response as { body?: { errors?: { extensions?: { code?: unknown } }[] } }).body;
    const code = body?.errors?.[0]?.extensions?.code;
    return isErrorCode(code) && (catalogue[code] as ErrorEntry).httpStatus ? DomainError.ofRequest(code) : error;
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    const end = this.latency.startTimer({ subgraph: this.name });
    try {
      const response = await super.process(options);
      end({ outcome: response.errors?.length ? 'error' : 'ok' });
      return response;
    } catch (error) {
      end({ outcome: 'unavailable' });
      throw error;
    }
  }
}
