/** `/ready` of the gateway: every subgraph answers its own `/ready` within the timeout. */
export function subgraphsReady(graphqlUrls: string[], timeoutMs = 2_000): () => Promise<boolean> {
  const probes = graphqlUrls.map((url) => new URL('/ready', url).toString());
  return async () => {
    const results = await Promise.all(
      probes.map((probe) =>
        fetch(probe, { signal: AbortSignal.timeout(timeoutMs) })
          .then((r) => r.ok)
          .catch(() => false),
      ),
    );
    return results.every(Boolean);
  };
}
