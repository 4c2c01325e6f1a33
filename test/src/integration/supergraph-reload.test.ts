import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { startGateway } from '@tessera/gateway';
import { createLogger, loadConfig } from '@tessera/kit';
import { composeSupergraph } from '@tessera/schema';
import { parse } from 'graphql';
import { graphql, startTestPlatform, type TestPlatform } from '../harness/platform';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform();
});

afterAll(() => platform?.stop());

async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

describe('the static supergraph', () => {
  it('is reloaded by the gateway when the file changes (development)', async () => {
    const full = await composeSupergraph();
    const withoutRa = composeServices(
      full.subgraphs
        .filter((s) => s.name !== 'ra')
        .map((s) => ({ name: s.name, url: `http://${s.name}/graphql`, typeDefs: parse(s.typeDefs) })),
    );
    expect(withoutRa.errors ?? []).toEqual([]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-supergraph-'));
    const file = path.join(dir, 'supergraph.graphql');
    fs.writeFileSync(file, withoutRa.supergraphSdl ?? '');
    const gateway = await startGateway({
      config: loadConfig({
        NODE_ENV: 'development',
        SUPERGRAPH_PATH: file,
        SUPERGRAPH_WATCH: 'true',
        AUTH_JWKS_URL: new URL('/.well-known/jwks.json', platform.identity.url).toString(),
      }),
      port: 0,
      subgraphUrls: { identity: platform.identity.url, certificate: platform.certificate.url, ra: platform.ra.url },
      log: createLogger({ service: 'gateway-reload', level: 'silent' }),
    });
    try {
      const probe = '{ application(id: "6f1c9a5e-2b1d-4c8e-9a51-000000000001") { id } }';
      const before = await graphql(gateway.url, probe);
      expect(before.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      fs.writeFileSync(file, full.supergraph);
      const reloaded = await eventually(async () => {
        const after = await graphql(gateway.url, probe);
        return after.body.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED';
      });
      expect(reloaded).toBe(true);
    } finally {
      await gateway.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
