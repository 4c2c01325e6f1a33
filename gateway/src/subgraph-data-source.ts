import { type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
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
import type { Dispatcher } from 'undici';
import type { GatewayContext } from './context';
import { InFlight } from './subgraph-fetch/in-flight-fetches';

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

/** A subgraph's answer as it came: status, headers and body text. */
interface Fetched {
  status: number;
  contentType: string;
  cacheControl: string;
  text: string;
}

/** A fetch of the query plan that only reads: a `query` operation (a `mutation` is never shared). */
const readOnly = /^\s*(?:query\b|\{)/;

/**
 * What makes one subgraph fetch differ from another: the operation and its variables, and all that
 * the subgraph decides with (the caller's token, the caller's address the gateway asserts, the
 * language of its messages). Two callers never share a key; the request id and trace do not count.
 */
function fetchKey(context: GatewayContext, body: string): string {
  return JSON.stringify([context.authorization ?? '', context.clientAddress ?? '', context.locale ?? '', body]);
}

/**
 * Calls one subgraph for the gateway: forwards the caller's `Authorization` (every subgraph
 * verifies the token itself), the request id and the language, proves itself with its signed
 * assertion of the caller's address and the request id (subgraphs believe no `X-Forwarded-For`),
 * carries the trace (`traceparent`, with tracing on), and times each fetch. A subgraph that refuses
 * the whole request is answered as the gateway refuses it itself: same code, same HTTP status. A
 * fetch that outlasts SUBGRAPH_TIMEOUT_MS is abandoned: the fields it would have answered get
 * SERVICE_TIMEOUT, the rest of the plan goes on.
 *
 * Fetches go over the gateway's keep-alive connection pool (undici). Identical read-only fetches
 * of the same caller in flight at once are made once and their answer shared (each caller parses
 * its own copy); nothing is kept once the answer is in.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly inFlight = new InFlight<Fetched>();
  private readonly target: URL;

  constructor(
    readonly name: string,
    url: string,
    private readonly observe: {
      latency: Histogram<'subgraph' | 'outcome'>;
      assertion: GatewayAssertion | undefined;
      tracing: Tracing;
    },
    private readonly transport: { dispatcher: Dispatcher; timeoutMs: number },
  ) {
    super({ url });
    this.target = new URL(url);
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

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    return this.observe.tracing.client(`POST ${this.name}`, { 'peer.service': this.name }, async () => {
      const end = this.observe.latency.startTimer({ subgraph: this.name });
      try {
        const response = await this.fetchFor(options);
        end({ outcome: response.errors?.length ? 'error' : 'ok' });
        return response;
      } catch (error) {
        const timedOut = ['AbortError', 'TimeoutError'].includes((error as { name?: string }).name ?? '');
        end({ outcome: timedOut ? 'timeout' : 'unavailable' });
        throw timedOut ? new DomainError('SERVICE_TIMEOUT', { service: this.name }) : error;
      }
    });
  }

  /** The request as `RemoteGraphQLDataSource` makes it (headers, `willSendRequest`), sent over undici. */
  private async fetchFor(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    // A fetch of a client's operation (not a health check) has the client's context and the response's cache policy.
    const incoming = 'incomingRequestContext' in options ? options : undefined;
    const headers = new Headers(request.http?.headers ? [...request.http.headers] : []);
    headers.set('content-type', 'application/json');
    request.http = { method: 'POST', url: this.url, headers };
    await this.willSendRequest(options);
    if (!request.query) throw new Error('Missing query');
    const { http: _http, ...payload } = request;
    const body = JSON.stringify(payload);
    const send = () => this.send(body, headers);
    const fetched = await (incoming && readOnly.test(request.query)
      ? this.inFlight.run(fetchKey(incoming.context, body), send)
      : send());
    if (fetched.status < 200 || fetched.status > 299) {
      throw await this.errorFromResponse(
        new Response(fetched.text, { status: fetched.status, headers: { 'content-type': fetched.contentType } }),
      );
    }
    if (!/^application\/(?:graphql-response\+)?json/.test(fetched.contentType)) {
      throw new Error(`Expected JSON response body, but received: ${fetched.text}`);
    }
    const policy = incoming?.incomingRequestContext.overallCachePolicy;
    if (policy && 'restrict' in policy) {
      const maxAge = /(?:^|,)\s*max-age=(\d+)/.exec(fetched.cacheControl)?.[1];
      policy.restrict({
        maxAge: maxAge ? Number(maxAge) : 0,
        ...(/\bprivate\b/.test(fetched.cacheControl) ? { scope: 'PRIVATE' as const } : {}),
        ...(/\bpublic\b/.test(fetched.cacheControl) ? { scope: 'PUBLIC' as const } : {}),
      });
    }
    return JSON.parse(fetched.text) as GatewayGraphQLResponse;
  }

  private async send(body: string, headers: Headers): Promise<Fetched> {
    const response = await this.transport.dispatcher.request({
      origin: this.target.origin,
      path: `${this.target.pathname}${this.target.search}`,
      method: 'POST',
      headers: Object.fromEntries(headers),
      body,
      signal: AbortSignal.timeout(this.transport.timeoutMs),
    });
    const header = (name: string) => {
      const value = response.headers[name];
      return Array.isArray(value) ? value.join(', ') : (value ?? '');
    };
    return {
      status: response.statusCode,
      contentType: header('content-type'),
      cacheControl: header('cache-control'),
      text: await response.body.text(),
    };
  }
}
