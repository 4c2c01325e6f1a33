import 'reflect-metadata';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloGateway, type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { startGateway } from '@tessera/gateway';
import { type Config, createLogger, disableTelemetry, type ServiceName } from '@tessera/kit';

/** The gateways the `gateway-hive` benchmark compares, each in a process of its own. */
export type GatewayKind = 'tessera' | 'hive' | 'apollo';

export type HostRequest =
  | {
      start: GatewayKind;
      /** Tessera's gateway: the platform's own configuration and its subgraphs' URLs. */
      config: Config;
      subgraphUrls: Record<ServiceName, string>;
      /** The others: the supergraph with the running subgraphs' URLs in its `join__graph` entries. */
      supergraphSdl: string;
    }
  | { cpu: true };

export type HostAnswer = { url: string } | { cpuMicros: number } | { error: string };

interface HiveOptions {
  supergraph: string;
  logging: boolean;
  propagateHeaders: {
    fromClientToSubgraphs(payload: { request: Request }): Record<string, string | null>;
  };
}

/** Hive Gateway with its defaults (in-flight deduplication on), forwarding the caller's token and language. */
async function startHive(supergraph: string): Promise<string> {
  // Loaded here, in Hive's process only, and without its type declarations: they reference the DOM
  // library (through @whatwg-node/fetch), which would retype `Buffer` and `fetch` for the whole test program.
  const { createGatewayRuntime } = require('@graphql-hive/gateway') as {
    createGatewayRuntime(options: HiveOptions): http.RequestListener;
  };
  const runtime = createGatewayRuntime({
    supergraph,
    logging: false,
    propagateHeaders: {
      fromClientToSubgraphs: ({ request }) => ({
        authorization: request.headers.get('authorization'),
        'accept-language': request.headers.get('accept-language'),
      }),
    },
  });
  const server = http.createServer(runtime);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

interface BareContext {
  authorization?: string;
}

/** A bare `@apollo/gateway` with default settings, forwarding only the caller's token. */
async function startApollo(supergraphSdl: string): Promise<string> {
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ url }) =>
      new (class extends RemoteGraphQLDataSource<BareContext> {
        override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<BareContext>) {
          if (context?.authorization) request.http?.headers.set('authorization', context.authorization);
        }
      })({ url }),
  });
  const server = new ApolloServer<BareContext>({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { host: '127.0.0.1', port: 0 },
    context: async ({ req }) => ({ authorization: req.headers.authorization }),
  });
  return new URL('/graphql', url).toString();
}

async function start(request: Extract<HostRequest, { start: GatewayKind }>): Promise<string> {
  disableTelemetry();
  if (request.start === 'hive') return startHive(request.supergraphSdl);
  if (request.start === 'apollo') return startApollo(request.supergraphSdl);
  const log = createLogger({ service: 'gateway', level: 'warn', destination: process.stderr });
  const gateway = await startGateway({
    config: request.config,
    subgraphUrls: request.subgraphUrls,
    port: 0,
    metricsPort: 0,
    log,
  });
  return gateway.url;
}

/**
 * One gateway in a child process of the benchmark (`fork`): it starts on a free loopback port
 * and answers how much CPU its process has used, so that each gateway's CPU per request is its own.
 */
process.on('message', (request: HostRequest) => {
  const answer = (message: HostAnswer) => process.send?.(message);
  if ('cpu' in request) {
    const used = process.cpuUsage();
    answer({ cpuMicros: used.user + used.system });
    return;
  }
  start(request).then(
    (url) => answer({ url }),
    (error: unknown) => answer({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
