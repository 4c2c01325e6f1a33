import type { ApolloServerPlugin } from '@apollo/server';
import {
  type Attributes,
  context,
  defaultTextMapGetter,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import type { RequestHandler } from 'express';
import type { Config } from '../config/config';

const propagator = new W3CTraceContextPropagator();
const sqlVerb = /^\s*(\w+)/;

/** A statement as knex reports it in its `query`, `query-response` and `query-error` events. */
interface KnexQuery {
  __knexQueryUid?: string;
  sql?: string;
}

/** The events of the knex instance under MikroORM. */
interface QueryEvents {
  on(event: 'query', listener: (query: KnexQuery) => void): unknown;
  on(event: 'query-response', listener: (response: unknown, query: KnexQuery) => void): unknown;
  on(event: 'query-error', listener: (error: Error, query: KnexQuery) => void): unknown;
}
const probes = new Set(['/health', '/ready']);

let asyncContext = false;

/** One context manager per process, whatever the number of services it runs (tests, `npm start`). */
function useAsyncContext(): void {
  if (asyncContext) return;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  asyncContext = true;
}

/**
 * OpenTelemetry traces of one service. Off unless an OTLP endpoint is configured: then nothing is
 * started, every span is the API's no-op and no `traceparent` is read or sent. On: each service has
 * its own tracer provider (its own `service.name`, as several services may share a process) and
 * exports to the collector over OTLP/HTTP; the W3C `traceparent` joins a request's spans across
 * the gateway and the subgraphs.
 */
export class Tracing {
  private constructor(
    private readonly tracer: Tracer | undefined,
    private readonly provider: BasicTracerProvider | undefined,
  ) {}

  static off(): Tracing {
    return new Tracing(undefined, undefined);
  }

  static start(service: string, config: Config): Tracing {
    if (!config.tracing) return Tracing.off();
    useAsyncContext();
    const { url, headers, sampleRatio } = config.tracing;
    const provider = new BasicTracerProvider({
      resource: new Resource({ 'service.name': service, 'service.namespace': 'tessera' }),
      sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(sampleRatio) }),
      spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url, headers }))],
    });
    return new Tracing(provider.getTracer('@tessera/kit'), provider);
  }

  get enabled(): boolean {
    return this.tracer !== undefined;
  }

  /** Express middleware: a server span per request (but the probes'), the caller's `traceparent` its parent. */
  serverSpans(): RequestHandler {
    return (req, res, next) => {
      const tracer = this.tracer;
      if (!tracer || probes.has(req.path)) {
        next();
        return;
      }
      const parent = propagator.extract(ROOT_CONTEXT, req.headers, defaultTextMapGetter);
      const span = tracer.startSpan(
        `${req.method} ${req.path}`,
        { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'url.path': req.path } },
        parent,
      );
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        span.setAttribute('http.response.status_code', res.statusCode);
        if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      };
      res.once('finish', end);
      res.once('close', end);
      context.with(trace.setSpan(parent, span), next);
    };
  }

  /** Names the request's span after the GraphQL operation, once it is known. */
  plugin<C extends object>(): ApolloServerPlugin<C> {
    return {
      requestDidStart: async () => ({
        didResolveOperation: async ({ operationName, operation }) => {
          const span = this.tracer && trace.getActiveSpan();
          if (!span || !operation) return;
          span.updateName(`graphql ${operation.operation} ${operationName ?? 'anonymous'}`);
          span.setAttributes({
            'graphql.operation.type': operation.operation,
            'graphql.operation.name': operationName ?? 'anonymous',
          });
        },
      }),
    };
  }

  /** Adds the current trace (`traceparent`) to an outgoing request's headers; nothing with tracing off. */
  inject(set: (name: string, value: string) => void): void {
    if (!this.tracer) return;
    propagator.inject(context.active(), undefined, { set: (_carrier, key, value) => set(key, value) });
  }

  /**
   * A client span around a call to another service; `call` receives the headers that carry the
   * trace (`traceparent`; none with tracing off) to add to its request.
   */
  async client<T>(name: string, attributes: Attributes, call: (headers: Record<string, string>) => Promise<T>) {
    const tracer = this.tracer;
    if (!tracer) return call({});
    return tracer.startActiveSpan(name, { kind: SpanKind.CLIENT, attributes }, async (span: Span) => {
      const headers: Record<string, string> = {};
      this.inject((key, value) => {
        headers[key] = value;
      });
      try {
        return await call(headers);
      } catch (error) {
        // Not the message: a GraphQL client's carries the request's variables (personal data).
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).name });
        throw error;
      } finally {
        span.end();
      }
    });
  }

  /** A `fetch` that traces each call as a client span and carries the trace to the callee. */
  fetch(service: string, timeoutMs: number): typeof fetch {
    return (input, init) =>
      this.client(`${init?.method ?? 'GET'} ${service}`, { 'peer.service': service }, async (trail) => {
        const headers = new Headers(init?.headers);
        for (const [key, value] of Object.entries(trail)) headers.set(key, value);
        const response = await fetch(input, { ...init, headers, signal: AbortSignal.timeout(timeoutMs) });
        trace.getActiveSpan()?.setAttribute('http.response.status_code', response.status);
        return response;
      });
  }

  /**
   * A client span per SQL statement run while a request or a call is traced (background polls that
   * are not would each start a trace of their own: they are left out).
   */
  traceQueries(knex: QueryEvents, database: string): void {
    const tracer = this.tracer;
    if (!tracer) return;
    const running = new Map<string, Span>();
    knex.on('query', (query) => {
      const uid = query.__knexQueryUid;
      if (!uid || !query.sql || !trace.getActiveSpan()) return;
      const verb = (sqlVerb.exec(query.sql)?.[1] ?? 'SQL').toUpperCase();
      running.set(
        uid,
        tracer.startSpan(`${verb} ${database}`, {
          kind: SpanKind.CLIENT,
          attributes: {
            'db.system': 'postgresql',
            'db.namespace': database,
            'db.operation.name': verb,
            // The statement with its placeholders: the values are bound apart and never recorded.
            'db.query.text': query.sql.slice(0, 2000),
          },
        }),
      );
    });
    const end = (query: KnexQuery, error?: Error) => {
      const span = query.__knexQueryUid ? running.get(query.__knexQueryUid) : undefined;
      if (!span) return;
      running.delete(query.__knexQueryUid as string);
      // knex writes the bound values into its messages: only PostgreSQL's error code is recorded.
      if (error)
        span.setStatus({ code: SpanStatusCode.ERROR, message: String((error as { code?: unknown }).code ?? '') });
      span.end();
    };
    knex.on('query-response', (_response, query) => end(query));
    knex.on('query-error', (error, query) => end(query, error));
  }

  /** Exports the spans still buffered and stops. */
  async close(): Promise<void> {
    await this.provider?.shutdown();
  }
}
