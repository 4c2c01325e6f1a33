import type { MikroORM } from '@mikro-orm/postgresql';
import { createTestDatabase, TokenVerifier, type Viewer } from '@tessera/kit';
import { decodeProtectedHeader, exportJWK, generateKeyPair, type JWK } from 'jose';
import { citizenViewer, staffViewer, startGraphHarness } from '../testing/graph-harness';
import { capturedLogger, openMigratedDatabase, openTestDatabase, testProtector } from '../testing/identity-test-kit';
import { AdminAction } from '../user-management/admin-action.entity';
import { SigningKey } from './signing-key.entity';
import { prePublicationMs, retiresAt, signingKeyPolicy } from './signing-key-lifecycle';
import { SigningKeys } from './signing-keys';
import { TokenIssuer } from './token-issuer';

const protector = testProtector();
const policy = (rotationDays = 90) => signingKeyPolicy({ rotationDays, jwksCacheMs: 300_000, maxTokenTtlMs: 900_000 });
const settings = { issuer: 'urn:t', audience: 'urn:t', accessTokenTtl: 900 };
const kidOf = (token: string) => decodeProtectedHeader(token).kid as string;
const minute = 60_000;

/** Every text and JSON column of the identity schema that contains `needle`, as `table.column`. */
async function columnsContaining(orm: MikroORM, needle: string): Promise<string[]> {
  const connection = orm.em.getConnection();
  const columns: { table_name: string; column_name: string }[] = await connection.execute(
    `select table_name, column_name from information_schema.columns
      where table_schema = 'identity' and data_type in ('text', 'jsonb', 'json', 'character varying', 'ARRAY')`,
  );
  expect(columns.length).toBeGreaterThan(20);
  const found: string[] = [];
  for (const { table_name: table, column_name: column } of columns) {
    const [row] = await connection.execute<{ n: string }[]>(
      `select count(*) as n from "identity"."${table}" where "${column}"::text like ?`,
      [`%${needle}%`],
    );
    if (Number(row?.n) > 0) found.push(`${table}.${column}`);
  }
  return found;
}

describe('signing keys: sealed, rotated through their lifecycle', () => {
  let orm: MikroORM;
  beforeAll(async () => {
    orm = await openTestDatabase();
  });
  afterAll(() => orm.close());

  it('seals the private keys an older version stored in clear (migration 0011, then the start-up); no column holds a private scalar', async () => {
    // A database as the version before sealing left it: two keys, the newest signing, both in clear.
    const url = await createTestDatabase();
    const log = capturedLogger().log;
    const before = await openMigratedDatabase(url, log, 10);
    const legacy: { kid: string; d: string; publicJwk: JWK }[] = [];
    for (const [kid, age] of [
      ['legacy-old', '2 days'],
      ['legacy-new', '1 day'],
    ] as const) {
      const pair = await generateKeyPair('ES256', { extractable: true });
      const privateJwk = await exportJWK(pair.privateKey);
      const publicJwk = { ...(await exportJWK(pair.publicKey)), kid, alg: 'ES256', use: 'sig' };
      await before.em.getConnection().execute(
        `insert into "identity"."signing_key" ("kid", "algorithm", "public_jwk", "private_jwk", "created_at")
         values (?, 'ES256', ?, ?, now() - interval '${age}')`,
        [kid, JSON.stringify(publicJwk), JSON.stringify(privateJwk)],
      );
      legacy.push({ kid, d: privateJwk.d as string, publicJwk });
    }
    await before.close();

    const upgraded = await openMigratedDatabase(url, log);
    try {
      const states = await upgraded.em.fork().find(SigningKey, {}, { orderBy: { createdAt: 'asc' } });
      expect(states.map((k) => [k.kid, k.state])).toEqual([
        ['legacy-old', 'retiring'],
        ['legacy-new', 'active'],
      ]);
      expect(await columnsContaining(upgraded, legacy[1]?.d as string)).toEqual(['signing_key.private_jwk']);

      const keys = new SigningKeys(upgraded.em, protector, policy());
      await keys.ensure();
      for (const { d } of legacy) expect(await columnsContaining(upgraded, d)).toEqual([]);
      const issuer = new TokenIssuer(keys, settings);
      const token = await issuer.issue({ subject: 'u1', kind: 'citizen' });
      expect(kidOf(token)).toBe('legacy-new');
      const verifier = new TokenVerifier({ issuer: 'urn:t', audience: 'urn:t', keys: () => keys.keySet() });
      await expect(verifier.verify(token)).resolves.toMatchObject({ subject: 'u1' });
      expect((await keys.keySet()).keys).toEqual([legacy[0]?.publicJwk, legacy[1]?.publicJwk]);

      // Keys made from now on are sealed too: after a rotation no column holds the new private scalar.
      const { kid: next } = await keys.rotate();
      const row = await upgraded.em.fork().findOneOrFail(SigningKey, { kid: next }, { populate: ['privateKeySealed'] });
      expect(row.privateKeySealed?.startsWith(`${protector.activeKeyId}.`)).toBe(true);
      const nextD = (JSON.parse(protector.open('signingKey', row.privateKeySealed as string)) as JWK).d as string;
      expect(await columnsContaining(upgraded, nextD)).toEqual([]);
    } finally {
      await upgraded.close();
    }
  });

  it('publishes a key before it signs, keeps the old one until its last token expired, then retires it', async () => {
    await orm.em.fork().nativeDelete(SigningKey, {});
    const t0 = new Date();
    const keys = new SigningKeys(orm.em, protector, policy());
    await keys.ensure(t0);
    const issuer = new TokenIssuer(keys, settings);
    const verifier = new TokenVerifier({ issuer: 'urn:t', audience: 'urn:t', keys: () => keys.keySet() });
    const before = await issuer.issue({ subject: 'u1', kind: 'citizen' });
    const first = kidOf(before);

    const rotation = await keys.rotate(t0);
    expect(rotation.activateAt.getTime()).toBe(t0.getTime() + prePublicationMs(keys.policy));
    expect(prePublicationMs(keys.policy)).toBeGreaterThanOrEqual(300_000);
    // Published, not yet signing.
    expect((await keys.keySet()).keys.map((k) => k.kid)).toEqual([first, rotation.kid]);
    expect(kidOf(await issuer.issue({ subject: 'u1', kind: 'citizen' }))).toBe(first);
    expect(await keys.advance(new Date(rotation.activateAt.getTime() - 1))).toEqual([]);

    expect(await keys.advance(rotation.activateAt)).toEqual([
      { kid: first, event: 'supersede' },
      { kid: rotation.kid, event: 'activate' },
    ]);
    const after = await issuer.issue({ subject: 'u1', kind: 'citizen' });
    expect(kidOf(after)).toBe(rotation.kid);
    // The token signed before the rotation still verifies while its key is retiring.
    await expect(verifier.verify(before)).resolves.toMatchObject({ subject: 'u1' });
    await expect(verifier.verify(after)).resolves.toMatchObject({ subject: 'u1' });

    const retirement = retiresAt(rotation.activateAt, keys.policy);
    expect(retirement.getTime() - rotation.activateAt.getTime()).toBeGreaterThan(settings.accessTokenTtl * 1000);
    expect(await keys.advance(new Date(retirement.getTime() - 1))).toEqual([]);
    await expect(verifier.verify(before)).resolves.toMatchObject({ subject: 'u1' });
    expect(await keys.advance(retirement)).toEqual([{ kid: first, event: 'retire' }]);

    expect((await keys.keySet()).keys.map((k) => k.kid)).toEqual([rotation.kid]);
    await expect(verifier.verify(before)).rejects.toMatchObject({ extensions: { code: 'INVALID_TOKEN' } });
    await expect(verifier.verify(after)).resolves.toMatchObject({ subject: 'u1' });
    const retired = await orm.em.fork().findOneOrFail(SigningKey, { kid: first }, { populate: ['privateKeySealed'] });
    expect(retired).toMatchObject({ state: 'retired', privateKeySealed: null });
  });

  it('rotates on schedule: publishes the next key one pre-publication period before the active one is AUTH_SIGNING_KEY_ROTATION_DAYS old', async () => {
    await orm.em.fork().nativeDelete(SigningKey, {});
    const t0 = new Date();
    const keys = new SigningKeys(orm.em, protector, policy(30));
    await keys.ensure(t0);
    const due = t0.getTime() + 30 * 86_400_000;
    const publishAt = due - prePublicationMs(keys.policy);
    expect(await keys.advance(new Date(publishAt - minute))).toEqual([]);
    const [published] = await keys.advance(new Date(publishAt));
    expect(published?.event).toBe('publish');
    const next = await orm.em.fork().findOneOrFail(SigningKey, { kid: published?.kid });
    expect(next).toMatchObject({ state: 'next' });
    expect(next.activateAt.getTime()).toBe(due);
    expect((await keys.advance(new Date(due))).map((c) => c.event)).toEqual(['supersede', 'activate']);

    // AUTH_SIGNING_KEY_ROTATION_DAYS=0: only an administrator rotates.
    const manual = new SigningKeys(orm.em, protector, policy(0));
    expect(await manual.advance(new Date(due + 10_000 * 86_400_000))).toEqual([
      expect.objectContaining({ event: 'retire' }),
    ]);
  });

  it('replicas that start and rotate at once make one key each time, and sign with the same one', async () => {
    const fresh = await openTestDatabase();
    try {
      const replicas = Array.from({ length: 6 }, () => new SigningKeys(fresh.em, protector, policy()));
      await Promise.all(replicas.map((r) => r.ensure()));
      const active = await fresh.em.fork().find(SigningKey, {});
      expect(active.map((k) => k.state)).toEqual(['active']);
      const signers = await Promise.all(replicas.map((r) => r.signer()));
      expect(new Set(signers.map((s) => s.kid))).toEqual(new Set([active[0]?.kid]));

      const rotations = await Promise.all(replicas.map((r) => r.rotate()));
      expect(new Set(rotations.map((r) => r.kid)).size).toBe(1);
      expect(rotations.filter((r) => r.published)).toHaveLength(1);
      expect(await fresh.em.fork().count(SigningKey, { state: 'next' })).toBe(1);
      // Every replica holds the next key and switches to it at its time, before any records the promotion.
      const rotation = rotations[0] as (typeof rotations)[number];
      await Promise.all(replicas.map((r) => r.reload()));
      const at = rotation.activateAt.getTime();
      for (const replica of replicas) {
        expect((await replica.signer(at - 1)).kid).toBe(active[0]?.kid);
        expect((await replica.signer(at)).kid).toBe(rotation.kid);
      }
      const promoted = await Promise.all(replicas.map((r) => r.advance(new Date(at))));
      expect(promoted.flat().filter((c) => c.event === 'activate')).toHaveLength(1);
      expect(await fresh.em.fork().count(SigningKey, { state: 'active' })).toBe(1);
    } finally {
      await fresh.close();
    }
  });

  it('only administrators rotate through the graph, audited; auditors read the lifecycle', async () => {
    // The module seals under its configured (here: development) keys, so it gets a database of its own.
    const own = await openTestDatabase();
    const graph = await startGraphHarness(own, capturedLogger().log);
    try {
      const rotate = (viewer: Viewer) =>
        graph.execute('mutation { rotateSigningKey { kid state activatesAt } }', viewer);
      const list = (viewer: Viewer) => graph.execute('{ signingKeys { kid state publishedAt retiredAt } }', viewer);
      for (const viewer of [
        citizenViewer(),
        staffViewer('AUDITOR'),
        staffViewer('ENTRY_CLERK'),
        { kind: 'anonymous' } as Viewer,
      ]) {
        expect((await rotate(viewer)).errors?.[0]?.extensions.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
      }
      for (const viewer of [citizenViewer(), staffViewer('ENTRY_CLERK')]) {
        expect((await list(viewer)).errors?.[0]?.extensions.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
      }
      const admin = staffViewer('ADMINISTRATOR');
      const rotated = await rotate(admin);
      expect(rotated.errors).toBeUndefined();
      const { kid, state } = (rotated.data as { rotateSigningKey: { kid: string; state: string } }).rotateSigningKey;
      expect(state).toBe('next');
      const listed = (await list(staffViewer('AUDITOR'))).data as { signingKeys: { kid: string; state: string }[] };
      expect(listed.signingKeys.find((k) => k.kid === kid)).toMatchObject({ state: 'next' });
      expect(JSON.stringify(listed)).not.toMatch(/"d"|private/i);
      const audited = await own.em.fork().find(AdminAction, { action: 'rotate_signing_key', detail: kid });
      expect(audited.map((a) => a.actorId)).toEqual([admin.kind === 'staff' ? admin.subject : '']);
    } finally {
      await graph.close();
      await own.close();
    }
  });
});
