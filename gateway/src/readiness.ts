import type { Readiness } from '@tessera/kit';

/**
 * `/ready` of the gateway: ready as soon as it serves its supergraph, whatever the subgraphs do, so a
 * subgraph that is down takes only its own fields away (the queries that do not touch it go on) and
 * never the gateway out of its load balancer. Each subgraph's own `/ready` is reported beside it.
 */
export function subgraphsReady(graphqlUrls: Record<string, string>, timeoutMs = 2_000): () => Promise<Readiness> {
  const probes = Object.entries(graphqlUrls).map(([name, url]) => [name, new URL('/ready', url).toString()] as const);
  return async () => {
    const answers = await Promise.all(
      probes.map(async ([name, probe]) => {
        const up = await fetch(probe, { signal: AbortSignal.timeout(timeoutMs) })
          .then((r) => r.ok)
          .catch(() => false);
        return [name, up] as const;
      }),
    );
    return { ready: true, dependencies: Object.fromEntries(answers) };
  };
}
