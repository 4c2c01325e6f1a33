import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { ClientError, GraphQLClient } from 'graphql-request';
import type { Session } from './session';

/** The header in which the gateway names each request (the kit's `requestIdHeader`). */
const requestIdHeader = 'x-request-id';

/**
 * A GraphQL error as the clients show it: the code of Tessera's catalogue (for the program, never
 * shown), its localized message, and the gateway's id of the failed request (for support).
 */
export class GraphError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly extensions: Record<string, unknown> = {},
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'GraphError';
  }

  /**
   * What a person reads to the 12333 hotline: the first eight characters of the request id, enough
   * for support to find the request in the logs (every log line of a request carries its id).
   */
  get reference(): string | undefined {
    return this.requestId?.slice(0, 8);
  }

  /** The first error of a failed request (GraphQL, HTTP or network), in the caller's language. */
  static from(error: unknown, offline: string): GraphError {
    if (error instanceof GraphError) return error;
    if (error instanceof ClientError) {
      const first = error.response.errors?.[0];
      if (first) {
        const extensions = (first.extensions ?? {}) as Record<string, unknown>;
        return new GraphError(
          String(extensions.code ?? 'INTERNAL_SERVER_ERROR'),
          first.message,
          extensions,
          error.response.headers?.get(requestIdHeader) ?? undefined,
        );
      }
    }
    return new GraphError('NETWORK_ERROR', offline);
  }
}

export interface Graph {
  request<Result, Variables extends Record<string, unknown>>(
    document: TypedDocumentNode<Result, Variables>,
    ...variables: Variables extends Record<string, never> ? [] : [Variables]
  ): Promise<Result>;
}

export interface GraphOptions {
  endpoint: string;
  session: Session;
  /** The language the server answers errors in (`Accept-Language`). */
  language: () => string;
  /** The message for a network failure, in the current language. */
  offlineMessage: () => string;
  /** Renews an expired access token once; resolves false when the session cannot be renewed. */
  renew?: () => Promise<boolean>;
}

const expiredCodes = new Set(['INVALID_TOKEN', 'SESSION_ENDED']);

/** The clients' one way to the graph: graphql-request with the session's token and the UI language. */
export function createGraph(options: GraphOptions): Graph {
  const client = new GraphQLClient(new URL(options.endpoint, window.location.href).toString(), {
    requestMiddleware: (request) => {
      const headers = new Headers(request.headers);
      headers.set('accept-language', options.language());
      const token = options.session.accessToken();
      if (token) headers.set('authorization', `Bearer ${token}`);
      return { ...request, headers };
    },
  });
  const send = async <Result, Variables extends Record<string, unknown>>(
    document: TypedDocumentNode<Result, Variables>,
    variables: Variables | undefined,
    retry: boolean,
  ): Promise<Result> => {
    try {
      return await client.request<Result>({ document, variables: variables as Record<string, unknown> });
    } catch (error) {
      const failure = GraphError.from(error, options.offlineMessage());
      if (retry && expiredCodes.has(failure.code) && options.renew && (await options.renew())) {
        return send(document, variables, false);
      }
      if (expiredCodes.has(failure.code)) options.session.end();
      throw failure;
    }
  };
  return {
    request: (document, ...variables) => send(document, variables[0] as never, true),
  };
}
