import { isDeepStrictEqual } from 'node:util';
import type { Benchmark } from './benchmark';
import { startDirectComposer } from './direct-composer';
import { type LoadTarget, runLoad } from './load';
import { median } from './rate';

/** The cross-subgraph query of the federation tests: identity, then certificate and ra, each twice. */
const myCertificates = /* GraphQL */ `
  query MyCertificates {
    me {
      id
      username
      certificates { serialNumber subject application { businessType state } }
      applications { businessType certificate { serialNumber kind } }
    }
  }
`;

/** Gateway and direct rounds, alternated. */
const rounds = 3;

function medianOf(results: { requestsPerSecond: number; p50Ms: number; p99Ms: number }[]) {
  return {
    requestsPerSecond: median(results.map((r) => r.requestsPerSecond)),
    p50Ms: median(results.map((r) => r.p50Ms)),
    p99Ms: median(results.map((r) => r.p99Ms)),
  };
}

async function targetAt(url: string, token: string): Promise<LoadTarget> {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const body = JSON.stringify({ query: myCertificates, operationName: 'MyCertificates' });
  const response = await fetch(url, { method: 'POST', headers, body });
  const expectBody = await response.text();
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${expectBody}`);
  return { url, method: 'POST', headers, body, expectBody };
}

/**
 * What the gateway costs: `MyCertificates` through the gateway against the same five subgraph
 * fetches of its query plan made by a hand-written composer, both driven by the same client.
 */
export const gatewayOverhead: Benchmark = {
  name: 'gateway-overhead',
  async run(ctx) {
    const { platform, citizenToken } = await ctx.stack();
    const composer = await startDirectComposer({
      identity: platform.identity.url,
      certificate: platform.certificate.url,
      ra: platform.ra.url,
    });
    try {
      const gateway = await targetAt(platform.gateway.url, citizenToken);
      const direct = await targetAt(composer.url, citizenToken);
      const [viaGateway, composed] = [JSON.parse(gateway.expectBody), JSON.parse(direct.expectBody)];
      if (viaGateway.errors || !isDeepStrictEqual(viaGateway, composed)) {
        throw new Error(
          `The composer does not answer as the gateway does:\n${gateway.expectBody}\n${direct.expectBody}`,
        );
      }
      const { connections, warmupSeconds, durationSeconds } = ctx.load;
      await runLoad(gateway, connections, warmupSeconds);
      await runLoad(direct, connections, warmupSeconds);
      // Alternating rounds, then the median of each: a change in background load hits both paths.
      const gatewayRounds: Awaited<ReturnType<typeof runLoad>>[] = [];
      const directRounds: Awaited<ReturnType<typeof runLoad>>[] = [];
      for (let round = 0; round < rounds; round++) {
        gatewayRounds.push(await runLoad(gateway, connections, durationSeconds));
        directRounds.push(await runLoad(direct, connections, durationSeconds));
      }
      const measured = medianOf(gatewayRounds);
      const baseline = medianOf(directRounds);
      return [
        {
          benchmark: 'gateway-overhead',
          subject: 'gateway',
          baseline: 'direct',
          settings: { query: 'MyCertificates', fetches: 5, connections, warmupSeconds, durationSeconds, rounds },
          metrics: [
            { name: 'requests/s', subject: measured.requestsPerSecond, baseline: baseline.requestsPerSecond },
            { name: 'p50 ms', subject: measured.p50Ms, baseline: baseline.p50Ms },
            { name: 'p99 ms', subject: measured.p99Ms, baseline: baseline.p99Ms },
          ],
        },
      ];
    } finally {
      await composer.close();
    }
  },
};
