import { randomBytes } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Viewer } from '@tessera/kit';
import { DataProtector } from '@tessera/kit';
import { citizenViewer, staffViewer, startGraphHarness } from '../testing/graph-harness';
import { capturedLogger, openTestDatabase } from '../testing/identity-test-kit';
import { SigningKey } from '../tokens/signing-key.entity';
import { signingKeyPolicy } from '../tokens/signing-key-lifecycle';
import { SigningKeys } from '../tokens/signing-keys';
import { User } from '../users/user.entity';
import { resealStaleValues } from './key-rotation';

const testSigningKeyPolicy = signingKeyPolicy({ rotationDays: 90, jwksCacheMs: 300_000, maxTokenTtlMs: 900_000 });

describe('key rotation of sealed personal data (ID-8)', () => {
  let orm: MikroORM;
  beforeAll(async () => {
    orm = await openTestDatabase();
  });
  afterAll(() => orm.close());

  it('re-seals every value under the new active key; the values stay the same', async () => {
    const indexKey = randomBytes(32);
    const k1 = randomBytes(32);
    const before = new DataProtector({ activeKeyId: 'k1', keys: { k1 }, indexKey });
    const em = orm.em.fork();
    for (let i = 0; i < 3; i++) {
      em.create(User, {
        username: `rotated_${i}`,
        kind: 'citizen',
        displayName: `用户${i}`,
        idNumberSealed: before.seal('idNumber', `44030319850312123${i}`),
        phoneSealed: before.seal('phone', `1380013800${i}`),
      });
    }
    await em.flush();
    // The key that signs access tokens is sealed like the personal data, and re-sealed with it.
    await new SigningKeys(orm.em, before, testSigningKeyPolicy).ensure();
    const k2 = randomBytes(32);
    const after = new DataProtector({ activeKeyId: 'k2', keys: { k2, k1 }, indexKey });
    expect(await resealStaleValues(orm.em.fork(), after, 2)).toBe(7);
    expect(await resealStaleValues(orm.em.fork(), after, 2)).toBe(0);
    const users = await orm.em
      .fork()
      .find(
        User,
        { username: { $like: 'rotated_%' } },
        { populate: ['idNumberSealed', 'phoneSealed'], orderBy: { username: 'asc' } },
      );
    users.forEach((user, i) => {
      expect(user.idNumberSealed?.startsWith('k2.')).toBe(true);
      expect(after.open('idNumber', user.idNumberSealed as string)).toBe(`44030319850312123${i}`);
      expect(after.open('phone', user.phoneSealed as string)).toBe(`1380013800${i}`);
    });
    const withoutOldKey = new DataProtector({ activeKeyId: 'k2', keys: { k2 }, indexKey });
    expect(withoutOldKey.open('phone', users[0]?.phoneSealed as string)).toBe('13800138000');
    const signer = await new SigningKeys(orm.em, withoutOldKey, testSigningKeyPolicy).signer();
    expect(signer.kid).toBeTruthy();
  });

  it('only administrators run the re-sealing through the graph', async () => {
    await orm.em.fork().nativeDelete(User, { username: { $like: 'rotated_%' } });
    // The module seals under its own (development) keys: it makes its signing key afresh.
    await orm.em.fork().nativeDelete(SigningKey, {});
    const graph = await startGraphHarness(orm, capturedLogger().log);
    try {
      const run = (viewer: Viewer) => graph.execute('mutation { resealPersonalData }', viewer);
      for (const viewer of [citizenViewer(), staffViewer('AUDITOR'), { kind: 'anonymous' } as Viewer]) {
        expect((await run(viewer)).errors?.[0]?.extensions.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
      }
      expect(await run(staffViewer('ADMINISTRATOR'))).toEqual({ data: { resealPersonalData: 0 } });
    } finally {
      await graph.close();
    }
  });
});
