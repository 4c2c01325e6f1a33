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
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR });
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

  /** Exports the spans still buffered and stops. */
  async close(): Promise<void> {
    await this.provider?.shutdown();
  }
}
