import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Viewer } from '@tessera/kit';
import { errorCodesOf } from '@tessera/kit';
import express from 'express';
import type { GraphQLFormattedError } from 'graphql';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { errorCodeOf } from '../errors';
import { citizenViewer, type GraphHarness, staffViewer, startGraphHarness } from '../testing/graph-harness';
import { capturedLogger, openTestDatabase } from '../testing/identity-test-kit';
import { User } from '../users/user.entity';
import { ApplicationSystem } from './application-system.entity';
import { ApplicationSystems, type SystemCredentials } from './application-systems';
import { IdentityLookup } from './identity-lookup.entity';
import { systemScopes } from './system-scopes';
import { mountTokenEndpoint } from './token.route';

const codes = errorCodesOf;
const issued = ({ system, clientSecret }: SystemCredentials) => {
  if (clientSecret === null) throw new Error(`no secret issued to ${system.code}`);
  return { system, clientSecret };
};
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
    const { system, clientSecret } = issued(
      await systems.register(admin, {
        code: 'HR-Portal',
        name: '人事业务系统',
        owner: '人事处',
        scopes: [systemScopes.verifiedIdentity],
      }),
    );
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
    const { clientSecret } = issued(
      await systems.register(admin, {
        code: 'pension',
        name: '养老保险系统',
        owner: '养老保险处',
        scopes: [systemScopes.verifiedIdentity],
      }),
    );
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

    const rotated = issued(await systems.rotateSecret(admin, 'pension'));
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

  describe('as OpenID Connect clients (single sign-on)', () => {
    const portal = {
      code: 'social-portal',
      name: '社保业务系统',
      owner: '社保处',
      scopes: ['openid', 'profile', 'real_name', systemScopes.verifiedIdentity],
    };

    it('registers a system with its sign-in settings; what is left out takes the defaults', async () => {
      const { system } = issued(
        await systems.register(admin, {
          ...portal,
          settings: {
            redirectUris: ['http://127.0.0.1:4020/callback'],
            postLogoutRedirectUris: ['http://127.0.0.1:4020/'],
            backchannelLogoutUri: 'http://127.0.0.1:4020/backchannel-logout',
            consentRequired: false,
            requiresRealName: true,
            refreshTokenTtlSeconds: 0,
          },
        }),
      );
      const stored = await orm.em.fork().findOneOrFail(ApplicationSystem, { code: system.code });
      expect(stored).toMatchObject({
        redirectUris: ['http://127.0.0.1:4020/callback'],
        postLogoutRedirectUris: ['http://127.0.0.1:4020/'],
        backchannelLogoutUri: 'http://127.0.0.1:4020/backchannel-logout',
        tokenEndpointAuthMethod: 'client_secret_basic',
        consentRequired: false,
        requiresRealName: true,
        pairwiseSubject: false,
        accessTokenTtlSeconds: 600,
        idTokenTtlSeconds: 600,
        refreshTokenTtlSeconds: 0,
      });
      const plain = await orm.em.fork().findOneOrFail(ApplicationSystem, { code: 'hr-portal' });
      expect(plain).toMatchObject({ redirectUris: [], consentRequired: true, refreshTokenTtlSeconds: 28800 });
    });

    it('grants client-credential tokens the service scopes only, never the OpenID ones', async () => {
      const { clientSecret } = issued(await systems.rotateSecret(admin, portal.code));
      expect((await systems.issueToken(portal.code, clientSecret)).scopes).toEqual([systemScopes.verifiedIdentity]);
      expect((await systems.issueToken(portal.code, clientSecret, ['openid', 'profile'])).scopes).toEqual([]);
    });

    it('refuses addresses that are not https in production', async () => {
      const { protector, tokens, userManagement } = graph.services;
      const inProduction = new ApplicationSystems(orm.em, protector, tokens, userManagement, { httpsOnly: true });
      const registration = { ...portal, code: 'prod-portal' };
      expect(
        await errorCode(
          inProduction.register(admin, {
            ...registration,
            settings: { redirectUris: ['http://portal.example.org/cb'] },
          }),
        ),
      ).toBe('APPLICATION_SYSTEM_HTTPS_REQUIRED');
      await inProduction.register(admin, {
        ...registration,
        settings: { redirectUris: ['https://portal.example.org/cb'] },
      });
      expect(
        await errorCode(
          inProduction.update(admin, 'prod-portal', { backchannelLogoutUri: 'http://portal.example.org/bc' }),
        ),
      ).toBe('APPLICATION_SYSTEM_HTTPS_REQUIRED');
    });

    it('issues no secret to a public client and refuses to rotate one; a change to public erases the secret', async () => {
      const registered = await systems.register(admin, {
        ...portal,
        code: 'mobile-app',
        settings: { tokenEndpointAuthMethod: 'none', redirectUris: ['http://127.0.0.1:4030/cb'] },
      });
      expect(registered.clientSecret).toBeNull();
      expect(registered.system.secretIssuedAt).toBeUndefined();
      const digest = async (code: string) =>
        (await orm.em.fork().findOneOrFail(ApplicationSystem, { code }, { populate: ['secretDigest'] })).secretDigest;
      expect(await digest('mobile-app')).toBeNull();
      expect(await errorCode(systems.rotateSecret(admin, 'mobile-app'))).toBe('APPLICATION_SYSTEM_PUBLIC_CLIENT');

      const { clientSecret } = issued(await systems.rotateSecret(admin, portal.code));
      const made = await systems.update(admin, portal.code, { tokenEndpointAuthMethod: 'none' });
      expect(made.secretIssuedAt).toBeUndefined();
      expect(await digest(portal.code)).toBeNull();
      expect(await errorCode(systems.issueToken(portal.code, clientSecret))).toBe('INVALID_CLIENT');
      await systems.update(admin, portal.code, { tokenEndpointAuthMethod: 'client_secret_basic' });
      const renewed = issued(await systems.rotateSecret(admin, portal.code));
      await systems.issueToken(portal.code, renewed.clientSecret);
    });

    it('lets administrators change name, owner, scopes and settings later, checked as at registration', async () => {
      const updated = await systems.update(admin, portal.code, {
        name: '社保业务系统（新）',
        owner: '社保中心',
        scopes: ['openid', 'phone'],
        redirectUris: ['http://127.0.0.1:4020/callback', 'http://127.0.0.1:4020/callback2'],
        pairwiseSubject: true,
        accessTokenTtlSeconds: 300,
        backchannelLogoutUri: null,
      });
      expect(updated).toMatchObject({
        name: '社保业务系统（新）',
        owner: '社保中心',
        scopes: ['openid', 'phone'],
        pairwiseSubject: true,
        accessTokenTtlSeconds: 300,
        backchannelLogoutUri: null,
        requiresRealName: true,
      });
      const bad: [Parameters<ApplicationSystems['update']>[2], string][] = [
        [{ name: '  ' }, 'APPLICATION_SYSTEM_INVALID'],
        [{ scopes: ['profile'] }, 'APPLICATION_SYSTEM_OPENID_REQUIRED'],
        [
          { redirectUris: ['http://127.0.0.1:4020/cb', 'http://localhost:4020/cb'] },
          'APPLICATION_SYSTEM_PAIRWISE_HOSTS',
        ],
        [{ idTokenTtlSeconds: 7200 }, 'APPLICATION_SYSTEM_TTL_OUT_OF_RANGE'],
        [{ tokenEndpointAuthMethod: 'private_key_jwt' }, 'APPLICATION_SYSTEM_KEYS_REQUIRED'],
      ];
      for (const [changes, code] of bad)
        expect(await errorCode(systems.update(admin, portal.code, changes))).toBe(code);
      expect(await errorCode(systems.update(admin, 'no-such-system', { name: 'x' }))).toBe(
        'APPLICATION_SYSTEM_INVALID',
      );
      const stored = await orm.em.fork().findOneOrFail(ApplicationSystem, { code: portal.code });
      expect(stored).toMatchObject({
        name: '社保业务系统（新）',
        idTokenTtlSeconds: 600,
        tokenEndpointAuthMethod: 'client_secret_basic',
      });
    });

    it('records every registration, change (with what changed, never a secret), rotation and status change', async () => {
      const actor = 'admin-audit';
      const { clientSecret } = issued(await systems.register(actor, { ...portal, code: 'audited' }));
      await systems.update(actor, 'audited', { redirectUris: ['http://127.0.0.1:4040/cb'], consentRequired: false });
      await systems.update(actor, 'audited', { consentRequired: false });
      const rotated = issued(await systems.rotateSecret(actor, 'audited'));
      await systems.setStatus(actor, 'audited', 'suspended');
      const actions = await systems.actions('audited');
      expect(actions.map((a) => [a.actorId, a.action])).toEqual([
        [actor, 'system_suspended'],
        [actor, 'rotate_system_secret'],
        [actor, 'update_system'],
        [actor, 'register_system'],
      ]);
      const change = actions.find((a) => a.action === 'update_system');
      expect(JSON.parse(change?.detail ?? '')).toEqual({
        redirectUris: { from: [], to: ['http://127.0.0.1:4040/cb'] },
        consentRequired: { from: true, to: false },
      });
      const trail = JSON.stringify(
        await orm.em.fork().getConnection().execute('select * from "identity"."admin_action"'),
      );
      for (const secret of [clientSecret, rotated.clientSecret]) expect(trail).not.toContain(secret);
    });

    it('through the graph: administrators register and change settings, errors name the field, auditors read the trail', async () => {
      const administrator = staffViewer('ADMINISTRATOR');
      const register = `mutation {
        registerApplicationSystem(input: { code: "graph-portal", name: "门户", owner: "办公室", scopes: ["openid"],
          redirectUris: ["http://127.0.0.1:4050/cb"], tokenEndpointAuthMethod: NONE, consentRequired: false }) {
          clientSecret system { code tokenEndpointAuthMethod redirectUris consentRequired refreshTokenTtlSeconds }
        }
      }`;
      expect((await graph.execute(register, administrator)).data).toEqual({
        registerApplicationSystem: {
          clientSecret: null,
          system: {
            code: 'graph-portal',
            tokenEndpointAuthMethod: 'NONE',
            redirectUris: ['http://127.0.0.1:4050/cb'],
            consentRequired: false,
            refreshTokenTtlSeconds: 28800,
          },
        },
      });
      const rotate = 'mutation { rotateApplicationSecret(code: "graph-portal") { clientSecret } }';
      expect(codes(await graph.execute(rotate, administrator))).toEqual(['APPLICATION_SYSTEM_PUBLIC_CLIENT']);
      const update = (input: string) =>
        `mutation { updateApplicationSystem(code: "graph-portal", input: ${input}) { code redirectUris jwks tokenEndpointAuthMethod } }`;
      const jwks = JSON.stringify({
        keys: [{ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' }],
      });
      const changed = await graph.execute(
        update(`{ tokenEndpointAuthMethod: PRIVATE_KEY_JWT, jwks: ${JSON.stringify(jwks)}, requiresRealName: null }`),
        administrator,
      );
      expect(changed.errors).toBeUndefined();
      const shown = (changed.data?.updateApplicationSystem as { jwks: string } | undefined)?.jwks ?? '';
      expect(JSON.parse(shown)).toEqual(JSON.parse(jwks));

      const refused = await graph.execute(
        update('{ redirectUris: ["https://portal.example.org/cb#x"] }'),
        administrator,
      );
      const error = refused.errors?.[0] as GraphQLFormattedError;
      expect(error.extensions).toMatchObject({
        code: 'APPLICATION_SYSTEM_URI_INVALID',
        field: 'redirectUris',
      });
      expect(error.message).toContain('https://portal.example.org/cb#x');
      expect(codes(await graph.execute(update('{ name: "x" }'), staffViewer('AUDITOR')))).toEqual(['FORBIDDEN']);

      const trail = '{ applicationSystemActions(code: "graph-portal") { action detail } }';
      const read = await graph.execute(trail, staffViewer('AUDITOR'));
      const listed = read.data?.applicationSystemActions as { action: string }[];
      expect(listed.map((a) => a.action)).toEqual(['update_system', 'register_system']);
      expect(codes(await graph.execute(trail, staffViewer('REVIEW_CLERK')))).toEqual(['FORBIDDEN']);
    });
  });
});
