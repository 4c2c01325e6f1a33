import type { MikroORM } from '@mikro-orm/postgresql';
import type { Viewer } from '@tessera/kit';
import { errorCodesOf } from '@tessera/kit';
import { citizenViewer, type GraphHarness, staffViewer, startGraphHarness } from '../testing/graph-harness';
import { capturedLogger, openTestDatabase } from '../testing/identity-test-kit';
import { User } from '../users/user.entity';

const codes = errorCodesOf;

describe('sign-in through the graph (ID-10, ID-11, permissions)', () => {
  let orm: MikroORM;
  let graph: GraphHarness;
  const { log } = capturedLogger();

  beforeAll(async () => {
    orm = await openTestDatabase(log);
    graph = await startGraphHarness(orm, log);
  });
  afterAll(async () => {
    await graph.close();
    await orm.close();
  });

  it('ID-10: sign-in without the right captcha answer is refused', async () => {
    const captcha = await graph.execute('mutation { issueCaptcha { id } }');
    const id = (captcha.data?.issueCaptcha as { id: string } | undefined)?.id;
    const result = await graph.execute(
      'mutation($id: String!) { signIn(input: { username: "zhangsan", password: "Secret-2024", captchaId: $id, captchaAnswer: "????" }) { accessToken } }',
      undefined,
      { id },
    );
    expect(codes(result)).toEqual(['CAPTCHA_INVALID']);
  });

  it('ID-11: after LEGACY_ID_LOGIN_UNTIL (default: the seed’s 2016-01-01) sign-in by ID number points to registration', async () => {
    const result = await graph.execute(
      'mutation { signInByIdNumber(input: { idNumber: "440303198503121239", password: "Secret-2024", captchaId: "x", captchaAnswer: "x" }) { accessToken } }',
    );
    expect(codes(result)).toEqual(['LEGACY_SIGN_IN_ENDED']);
  });

  it('ID-11, ID-9: anyone learns whether sign-in by ID number is still open and the per-phone SMS limits, before the captcha', async () => {
    const result = await graph.execute(
      '{ legacyIdSignIn { open until } smsLimits { phoneIntervalSeconds phonePerDay } }',
      { kind: 'anonymous' },
    );
    expect(result).toEqual({
      data: {
        legacyIdSignIn: { open: false, until: '2015-12-31T16:00:00.000Z' },
        smsLimits: { phoneIntervalSeconds: 60, phonePerDay: 10 },
      },
    });
  });

  it('a forged refresh token is refused', async () => {
    const result = await graph.execute(
      `mutation { refreshSession(refreshToken: "00000000-0000-0000-0000-000000000000.forged") { accessToken } }`,
    );
    expect(codes(result)).toEqual(['SESSION_INVALID']);
  });

  const viewers: [string, boolean, Viewer][] = [
    ['anonymous', false, { kind: 'anonymous' }],
    ['a business system', false, { kind: 'system', subject: 'hr-portal', roles: new Set(), scopes: new Set() }],
    ['a citizen', true, citizenViewer()],
    ['a staff member', true, staffViewer('SERVICE_AGENT')],
  ];

  it.each(viewers)('mySessions and signOut as %s: allowed = %s', async (_who, allowed, viewer) => {
    const sessions = await graph.execute('{ mySessions { id current } }', viewer);
    const signOut = await graph.execute('mutation { signOut }', viewer);
    if (allowed) {
      expect(sessions).toEqual({ data: { mySessions: [] } });
      expect(signOut).toEqual({ data: { signOut: false } });
    } else {
      expect(codes(sessions)?.[0]).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
      expect(codes(signOut)?.[0]).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
    }
  });

  it('ID-15: after sign-out (or a password change) the access token of that session stops working here', async () => {
    const em = orm.em.fork();
    const user = em.create(User, { username: 'session_user', kind: 'citizen', displayName: '张三' });
    await em.flush();
    const { sessionId } = await graph.services.sessions.open(user, 'password');
    const viewer: Viewer = { ...citizenViewer(user.id), sessionId } as Viewer;
    const listed = await graph.execute('{ mySessions { id current } }', viewer);
    expect(listed).toEqual({ data: { mySessions: [{ id: sessionId, current: true }] } });
    expect(await graph.execute('mutation { signOut }', viewer)).toEqual({ data: { signOut: true } });
    expect(codes(await graph.execute('{ mySessions { id } }', viewer))).toEqual(['SESSION_ENDED']);
    expect(codes(await graph.execute('{ mySecurityQuestions { id } }', viewer))).toEqual(['SESSION_ENDED']);
  });
});
