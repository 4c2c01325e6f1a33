import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Viewer } from '@tessera/kit';
import express from 'express';
import type { ExecutionResult } from 'graphql';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { errorCodeOf } from '../errors';
import { citizenViewer, type GraphHarness, staffViewer, startGraphHarness } from '../testing/graph-harness';
import { capturedLogger, openTestDatabase } from '../testing/identity-test-kit';
import { User } from '../users/user.entity';
import type { ApplicationSystems } from './application-systems';
import { IdentityLookup } from './identity-lookup.entity';
import { systemScopes } from './system-scopes';
import { mountTokenEndpoint } from './token.route';

const codes = (result: ExecutionResult) => result.errors?.map((e) => e.extensions.code);
const admin = 'admin-1';

describe('application systems (ID-17)', () => {
  let orm: MikroORM;
  let graph: GraphHarness;
  let systems: ApplicationSystems;
  let verified: User;
  let server: Server;
  const raSecret = 'ra-service-secret-0123456789abcdef';
  let tokenUrl: string;
  const { log } = capturedLogger();
  const errorCode = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (e: unknown) => errorCodeOf(e),
    );

  beforeAll(async () => {
    orm = await openTestDatabase(log);
    graph = await startGraphHarness(orm, log);
    systems = graph.services.applicationSystems;
    const { protector } = graph.services;
    const em = orm.em.fork();
    verified = em.create(User, {
      username: 'zhangsan',
      kind: 'citizen',
      displayName: '张三',
      idType: 'RESIDENT_ID_CARD',
      idNumberIndex: protector.index('idNumber', 'RESIDENT_ID_CARD:440303198503121239'),
      idNumberMasked: '4403**********1239',
      verifiedAt: new Date('2026-03-01T00:00:00Z'),
      verificationMethod: 'bank_four_elements',
    });
    em.create(User, { username: 'unverified', kind: 'citizen', displayName: '未认证' });
    await em.flush();
    const app = express();
    const routes = express.Router();
    mountTokenEndpoint(
      routes,
      systems,
      {
        secrets: { ra: raSecret },
        issue: async (name) => ({ token: `service-token-for-${name}`, expiresIn: 300 }),
      },
      orm.em,
    );
    app.use(routes);
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    tokenUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth/token`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await graph.close();
    await orm.close();
  });

  it("issues service tokens to Tessera's own services that give their configured secret", async () => {
    const ask = (secret: string) =>
      fetch(tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'ra', client_secret: secret }),
      });
    const granted = await ask(raSecret);
    expect(granted.status).toBe(200);
    expect(await granted.json()).toEqual({
      access_token: 'service-token-for-ra',
      token_type: 'Bearer',
      expires_in: 300,
    });
    const refused = await ask(`${raSecret}x`);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error: 'invalid_client' });
  });

  it('registers a system with a unique code and known scopes only', async () => {
    const { system, clientSecret } = await systems.register(admin, {
      code: 'HR-Portal',
      name: '人事业务系统',
      owner: '人事处',
      scopes: [systemScopes.verifiedIdentity],
    });
    expect(system).toMatchObject({ code: 'hr-portal', status: 'active' });
    expect(clientSecret.length).toBeGreaterThanOrEqual(43);
    const rows = await orm.em.fork().getConnection().execute('select * from "identity"."application_system"');
    expect(JSON.stringify(rows)).not.toContain(clientSecret);
    expect(await errorCode(systems.register(admin, { code: 'hr-portal', name: 'x', owner: 'y', scopes: [] }))).toBe(
      'APPLICATION_SYSTEM_INVALID',
    );
    expect(
      await errorCode(systems.register(admin, { code: 'other-system', name: 'x', owner: 'y', scopes: ['everything'] })),
    ).toBe('APPLICATION_SYSTEM_INVALID');
  });

  it('issues client-credentials tokens over HTTP (RFC 6749 §4.4), rotates and revokes secrets', async () => {
    const { clientSecret } = await systems.register(admin, {
      code: 'pension',
      name: '养老保险系统',
      owner: '养老保险处',
      scopes: [systemScopes.verifiedIdentity],
    });
    const post = (secret: string, grant = 'client_credentials') =>
      fetch(tokenUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`pension:${secret}`).toString('base64')}`,
        },
        body: `grant_type=${grant}`,
      });
    const ok = await post(clientSecret);
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { access_token: string; token_type: string; scope: string };
    expect(body).toMatchObject({ token_type: 'Bearer', scope: systemScopes.verifiedIdentity });
    const { payload } = await jwtVerify(body.access_token, createLocalJWKSet(await graph.services.tokens.keySet()));
    expect(payload).toMatchObject({ sub: 'pension', kind: 'system', scope: systemScopes.verifiedIdentity });
    expect((await post('wrong-secret')).status).toBe(401);
    expect((await post(clientSecret, 'password')).status).toBe(400);

    const rotated = await systems.rotateSecret(admin, 'pension');
    expect(await errorCode(systems.issueToken('pension', clientSecret))).toBe('INVALID_CLIENT');
    await systems.issueToken('pension', rotated.clientSecret);
    await systems.setStatus(admin, 'pension', 'suspended');
    expect(await errorCode(systems.issueToken('pension', rotated.clientSecret))).toBe('INVALID_CLIENT');
    await systems.setStatus(admin, 'pension', 'retired');
    await systems.setStatus(admin, 'pension', 'active');
    expect(await errorCode(systems.issueToken('pension', rotated.clientSecret))).toBe('INVALID_CLIENT');
  });

  it('resolves a person by user id or ID number to verified data only, and audits every lookup', async () => {
    const byId = await systems.resolve('hr-portal', { userId: verified.id });
    expect(byId).toEqual({
      userId: verified.id,
      verifiedName: '张三',
      idType: 'RESIDENT_ID_CARD',
      idNumberMasked: '4403**********1239',
      verifiedAt: new Date('2026-03-01T00:00:00Z'),
      verificationMethod: 'bank_four_elements',
    });
    expect(await systems.resolve('hr-portal', { idNumber: '440303198503121239' })).toEqual(byId);
    const unverified = await orm.em.fork().findOneOrFail(User, { username: 'unverified' });
    expect(await systems.resolve('hr-portal', { userId: unverified.id })).toBeNull();
    const lookups = await orm.em.fork().find(IdentityLookup, { systemCode: 'hr-portal' });
    expect(lookups.map((l) => [l.lookupBy, l.found]).sort()).toEqual([
      ['id_number', true],
      ['user_id', false],
      ['user_id', true],
    ]);
  });

  it('through the graph: only a system holding the scope resolves persons; administrators manage systems', async () => {
    const query = `{ verifiedIdentity(idType: RESIDENT_ID_CARD, idNumber: "440303198503121239") { userId verifiedName idNumberMasked } }`;
    const withScope: Viewer = {
      kind: 'system',
      subject: 'hr-portal',
      roles: new Set(),
      scopes: new Set([systemScopes.verifiedIdentity]),
    };
    const result = await graph.execute(query, withScope);
    expect(result.data).toEqual({
      verifiedIdentity: { userId: verified.id, verifiedName: '张三', idNumberMasked: '4403**********1239' },
    });
    const others: Viewer[] = [
      { kind: 'anonymous' },
      { kind: 'system', subject: 'no-scope', roles: new Set(), scopes: new Set() },
      citizenViewer(verified.id),
      staffViewer('ADMINISTRATOR'),
    ];
    for (const viewer of others)
      expect(codes(await graph.execute(query, viewer))?.[0]).toMatch(/FORBIDDEN|UNAUTHENTICATED/);

    const list = '{ applicationSystems { code status } }';
    expect((await graph.execute(list, staffViewer('AUDITOR'))).errors).toBeUndefined();
    expect(codes(await graph.execute(list, staffViewer('REVIEW_CLERK')))).toEqual(['FORBIDDEN']);
    const register = `mutation { registerApplicationSystem(input: { code: "tax-link", name: "x", owner: "y", scopes: [] }) { clientSecret } }`;
    expect(codes(await graph.execute(register, staffViewer('AUDITOR')))).toEqual(['FORBIDDEN']);
    expect((await graph.execute(register, staffViewer('ADMINISTRATOR'))).errors).toBeUndefined();
  });
});
