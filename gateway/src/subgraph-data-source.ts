import { type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import {
  catalogue,
  DomainError,
  type ErrorEntry,
  GatewayAssertion,
  gatewayAssertionHeader,
  isErrorCode,
  requestIdHeader,
  type Tracing,
} from '@tessera/kit';
import { GraphQLError } from 'graphql';
import type { Histogram } from 'prom-client';
import type { GatewayContext } from './context';

/** One assertion per client request, however many subgraph fetches its query plan makes. */
const assertions = new WeakMap<object, Promise<string>>();

function assertionFor(assertion: GatewayAssertion, context: GatewayContext): Promise<string> {
  let signed = assertions.get(context);
  if (!signed) {
    signed = assertion.sign({ requestId: context.requestId, clientAddress: context.clientAddress });
    assertions.set(context, signed);
  }
  return signed;
}

/**
 * Calls one subgraph for the gateway: forwards the caller's `Authorization` (every subgraph
 * verifies the token itself), the request id and the language, proves itself with its signed
 * assertion of the caller's address and the request id (subgraphs believe no `X-Forwarded-For`),
 * carries the trace (`traceparent`, with tracing on), and times each fetch. A subgraph that refuses
 * the whole request is answered as the gateway refuses it itself: same code, same HTTP status. A
 * fetch that outlasts SUBGRAPH_TIMEOUT_MS is abandoned: the fields it would have answered get
 * SERVICE_TIMEOUT, the rest of the plan goes on.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly name: string,
    url: string,
    private readonly observe: {
      latency: Histogram<'subgraph' | 'outcome'>;
      assertion: GatewayAssertion | undefined;
      tracing: Tracing;
    },
    timeoutMs: number,
  ) {
    super({ url });
    const fetcher = this.fetcher;
    this.fetcher = (input, init) => fetcher(input, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
    const headers = request.http?.headers;
    if (!headers || !context) return;
    if (context.authorization) headers.set('authorization', context.authorization);
    if (context.requestId) headers.set(requestIdHeader, context.requestId);
    if (context.locale) headers.set('accept-language', context.locale);
    this.observe.tracing.inject((name, value) => headers.set(name, value));
    const { assertion } = this.observe;
    if (assertion && context.requestId) {
      headers.set(gatewayAssertionHeader, await assertionFor(assertion, context as GatewayContext));
    }
  }

  /**
   * A subgraph that refuses the request answers with a typed code: a 400 (variables it refuses, a
   * value that is not a UUID, say) is relayed as the subgraph put it; a refusal with its own HTTP
   * status (an invalid token, an ended session) becomes the gateway's own refusal with that code.
   * Anything else keeps the data source's mapping.
   */
  override async errorFromResponse(
    response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0],
  ): ReturnType<RemoteGraphQLDataSource['errorFromResponse']> {
    const error = await super.errorFromResponse(response);
    const { body } = (error.extensions.response ?? {}) as { body?: { errors?: GraphQLError[] } };
    const refused = body?.errors?.[0];
    const code = refused?.extensions?.code;
    if (!refused || !isErrorCode(code) || code === 'INTERNAL_SERVER_ERROR') return error;
    if (response.status === 400) return new GraphQLError(refused.message, { extensions: refused.extensions });
    return (catalogue[code] as ErrorEntry).httpStatus ? DomainError.ofRequest(code) : error;
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    return this.observe.tracing.client(`POST ${this.name}`, { 'peer.service': this.name }, async () => {
      const end = this.observe.latency.startTimer({ subgraph: this.name });
      try {
        const response = await super.process(options);
        end({ outcome: response.errors?.length ? 'error' : 'ok' });
        return response;
      } catch (error) {
        const timedOut = (error as { name?: string }).name === 'AbortError';
        end({ outcome: timedOut ? 'timeout' : 'unavailable' });
        throw timedOut ? new DomainError('SERVICE_TIMEOUT', { service: this.name }) : error;
      }
    });
  }
}
