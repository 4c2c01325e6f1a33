import type { MikroORM } from '@mikro-orm/postgresql';
import { type Viewer, withScope } from '@tessera/kit';
import { ApplicationSystem } from '../application-systems/application-system.entity';
import { SystemSignIn } from '../single-sign-on/system-sign-in.entity';
import { citizenViewer, type GraphHarness, startGraphHarness } from '../testing/graph-harness';
import { capturedLogger, openTestDatabase } from '../testing/identity-test-kit';
import { User } from '../users/user.entity';

interface Listed {
  mySessions: { id: string; systems: { code: string; name: string; signedInAt: string }[] }[];
}

const query = '{ mySessions { id systems { code name signedInAt } } }';

describe('the business systems each session is signed in to (single sign-on, issue 12)', () => {
  let orm: MikroORM;
  let graph: GraphHarness;
  const { log } = capturedLogger();

  beforeAll(async () => {
    orm = await openTestDatabase(log);
    graph = await startGraphHarness(orm, log);
    const em = orm.em.fork();
    em.create(ApplicationSystem, { code: 'portal', name: '社保业务演示系统', owner: '信息中心', scopes: ['openid'] });
    em.create(ApplicationSystem, { code: 'pension', name: '养老待遇演示系统', owner: '信息中心', scopes: ['openid'] });
    await em.flush();
  });
  afterAll(async () => {
    await graph.close();
    await orm.close();
  });

  /** A citizen with `count` open sessions, as the viewer of the first. */
  async function citizenWithSessions(username: string, count: number): Promise<{ viewer: Viewer; ids: string[] }> {
    const em = orm.em.fork();
    const user = em.create(User, { username, kind: 'citizen', displayName: '张三' });
    await em.flush();
    const ids: string[] = [];
    for (let n = 0; n < count; n++) ids.push((await graph.services.sessions.open(user, 'password')).sessionId);
    return { viewer: { ...citizenViewer(user.id), sessionId: ids[0] } as Viewer, ids };
  }

  async function signedIn(sessionId: string, systemCode: string, signedInAt: Date, endedAt: Date | null = null) {
    const em = orm.em.fork();
    em.create(SystemSignIn, {
      sessionId,
      systemCode,
      subject: 's',
      sid: `${sessionId}-${systemCode}`,
      signedInAt,
      endedAt,
    });
    await em.flush();
  }

  /** Lists the viewer's sessions with their systems, counting the SQL statements it cost. */
  async function listed(viewer: Viewer): Promise<{ data: Listed; statements: number }> {
    const scope = { requestId: 'session-systems', locale: 'zh-CN' as const, log, sqlStatements: 0 };
    const result = await withScope(scope, () => graph.execute(query, viewer));
    expect(result.errors).toBeUndefined();
    return { data: result.data as unknown as Listed, statements: scope.sqlStatements };
  }

  it('lists, per session, the systems not signed out of, oldest first, with their names', async () => {
    const { viewer, ids } = await citizenWithSessions('systems_user', 2);
    const [first, second] = ids as [string, string];
    await signedIn(first, 'pension', new Date('2026-12-05T02:00:00Z'));
    await signedIn(first, 'portal', new Date('2026-12-05T01:00:00Z'));
    await signedIn(second, 'portal', new Date('2026-12-05T03:00:00Z'), new Date('2026-12-05T03:30:00Z'));
    await signedIn(second, 'retired-system', new Date('2026-12-05T04:00:00Z'));

    const { data } = await listed(viewer);
    const byId = new Map(data.mySessions.map((s) => [s.id, s.systems]));
    expect(byId.get(first)).toEqual([
      { code: 'portal', name: '社保业务演示系统', signedInAt: '2026-12-05T01:00:00.000Z' },
      { code: 'pension', name: '养老待遇演示系统', signedInAt: '2026-12-05T02:00:00.000Z' },
    ]);
    // An ended sign-in is gone; a system whose registration is gone is named by its code.
    expect(byId.get(second)).toEqual([
      { code: 'retired-system', name: 'retired-system', signedInAt: '2026-12-05T04:00:00.000Z' },
    ]);
  });

  it('costs the same statements for 2 sessions as for 8 (one query for the systems of the whole list)', async () => {
    const few = await citizenWithSessions('few_sessions', 2);
    const many = await citizenWithSessions('many_sessions', 8);
    for (const id of [...few.ids, ...many.ids]) await signedIn(id, 'portal', new Date());
    const two = await listed(few.viewer);
    const eight = await listed(many.viewer);
    expect(two.data.mySessions).toHaveLength(2);
    expect(eight.data.mySessions).toHaveLength(8);
    expect(eight.data.mySessions.every((s) => s.systems.length === 1)).toBe(true);
    expect(eight.statements).toBe(two.statements);
  });

  it("another person's session systems are not reachable: mySessions lists only the viewer's own", async () => {
    const mine = await citizenWithSessions('own_sessions', 1);
    const theirs = await citizenWithSessions('their_sessions', 1);
    await signedIn(theirs.ids[0] as string, 'pension', new Date());
    const { data } = await listed(mine.viewer);
    expect(data.mySessions).toEqual([{ id: mine.ids[0], systems: [] }]);
  });

  it('is refused to anyone but a signed-in person', async () => {
    const result = await graph.execute(query, { kind: 'anonymous' });
    expect(result.errors?.map((e) => e.extensions.code)[0]).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
  });
});
