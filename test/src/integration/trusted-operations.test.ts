import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { printExecutableGraphQLDocument } from '@graphql-tools/documents';
import { TrustedOperations } from '@tessera/gateway';
import { createLogger } from '@tessera/kit';
import { parse } from 'graphql';
import { graphql, startTestPlatform, type TestPlatform } from '../harness/platform';

const registered = 'query Banks { banks { code nameZh } }';
const forged = { [`sha256:${'0'.repeat(64)}`]: 'query { me { id } }' };

/** A clients folder holding one client whose manifest registers `registered`. */
function clientsWith(document: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-clients-'));
  fs.mkdirSync(path.join(dir, 'web', 'dist'), { recursive: true });
  const normalized = printExecutableGraphQLDocument(parse(document));
  const id = `sha256:${createHash('sha256').update(normalized).digest('hex')}`;
  fs.writeFileSync(path.join(dir, 'web', 'dist', 'trusted-operations.json'), JSON.stringify({ [id]: normalized }));
  return dir;
}

describe('trusted operations at the gateway (issue 6, item 2)', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startTestPlatform({ TRUSTED_OPERATIONS: 'true', CLIENTS_DIR: clientsWith(registered) });
  });
  afterAll(() => platform?.stop());

  it('runs a registered operation, whatever its whitespace and field order', async () => {
    const response = await graphql(platform.gateway.url, 'query Banks {\n  banks { nameZh   code }\n}');
    expect(response.body.errors).toBeUndefined();
    expect(Array.isArray((response.body.data as { banks: unknown[] }).banks)).toBe(true);
  });

  it('refuses an operation no client registered, with a typed, localized error', async () => {
    const response = await graphql(platform.gateway.url, 'query { banks { code } }', {
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(response.body.data).toBeUndefined();
    expect(response.body.errors?.[0]?.extensions?.code).toBe('OPERATION_NOT_TRUSTED');
    expect(response.body.errors?.[0]?.message).toMatch(/未在客户端登记/);
  });

  it('refuses it for a citizen and a clerk, but runs it for an administrator, an auditor and a service', async () => {
    const run = async (token: string) =>
      (await graphql(platform.gateway.url, 'query { banks { code } }', { token })).body.errors?.[0]?.extensions?.code ??
      'OK';
    const citizen = await platform.token({ subject: 'u-citizen', kind: 'citizen' });
    const clerk = await platform.token({ subject: 'u-clerk', kind: 'staff', roles: ['ENTRY_CLERK'] });
    const admin = await platform.token({ subject: 'u-admin', kind: 'staff', roles: ['ADMINISTRATOR'] });
    const auditor = await platform.token({ subject: 'u-auditor', kind: 'staff', roles: ['AUDITOR'] });
    const service = await platform.token({ subject: 'ra', kind: 'service' });
    expect(await run(citizen)).toBe('OPERATION_NOT_TRUSTED');
    expect(await run(clerk)).toBe('OPERATION_NOT_TRUSTED');
    expect(await run(admin)).toBe('OK');
    expect(await run(auditor)).toBe('OK');
    expect(await run(service)).toBe('OK');
  });

  it('rejects a manifest whose ids are not the hashes of their documents', () => {
    const dir = clientsWith(registered);
    fs.writeFileSync(path.join(dir, 'web', 'dist', 'trusted-operations.json'), JSON.stringify(forged));
    expect(() => TrustedOperations.fromClients(dir, createLogger({ service: 'test', level: 'silent' }))).toThrow(
      /not the hash of its document/,
    );
  });

  it('loads the manifests the real client builds ship, every one of them consistent', () => {
    const clientsDir = path.resolve(__dirname, '..', '..', '..', 'clients');
    const operations = TrustedOperations.fromClients(clientsDir, createLogger({ service: 'test', level: 'silent' }));
    expect(operations.size).toBeGreaterThan(0);
  });
});
