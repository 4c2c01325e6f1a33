import type { ApolloServerPlugin } from '@apollo/server';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

const operationName = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const maxOperationNames = 500;

/** Prometheus metrics of one process (its own registry: several services may share a process in tests). */
export class Metrics {
  readonly registry = new Registry();
  readonly requests: Counter<'operation' | 'outcome'>;
  readonly duration: Histogram<'operation' | 'outcome'>;
  private readonly seenOperations = new Set<string>();

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'tessera_graphql_requests_total',
      help: 'GraphQL requests by operation name and outcome',
      labelNames: ['operation', 'outcome'],
      registers: [this.registry],
    });
    this.duration = new Histogram({
      name: 'tessera_graphql_request_duration_seconds',
      help: 'GraphQL request latency by operation name and outcome',
      labelNames: ['operation', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
  }

  /**
   * Operation names come from clients: only well-formed names are labels, and only the first
   * few hundred, so a client cannot blow up the metric's cardinality.
   */
  operationLabel(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (!operationName.test(name)) return 'invalid';
    if (this.seenOperations.has(name)) return name;
    if (this.seenOperations.size >= maxOperationNames) return 'other';
    this.seenOperations.add(name);
    return name;
  }

  /** Counts and times every GraphQL request. */
  plugin<C extends object>(): ApolloServerPlugin<C> {
    return {
      requestDidStart: async () => {
        const end = this.duration.startTimer();
        return {
          willSendResponse: async ({ operationName: name, errors }) => {
            const labels = { operation: this.operationLabel(name), outcome: errors?.length ? 'error' : 'ok' };
            end(labels);
            this.requests.inc(labels);
          },
        };
      },
    };
  }
}
