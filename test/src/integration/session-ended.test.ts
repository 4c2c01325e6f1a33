import { CaptchaChallenges, demoCitizen, demoPassword } from '@tessera/identity';
import { type GraphResponse, graphql, startTestPlatform, type TestPlatform } from '../harness/platform';

let platform: TestPlatform;

// The default AUTH_REVOCATION_REFRESH_SECONDS: nothing here waits for a list to be refetched.
beforeAll(async () => {
  platform = await startTestPlatform();
});

afterAll(() => platform?.stop());

const call = (query: string, variables: Record<string, unknown> = {}, token?: string) =>
  graphql(platform.gateway.url, query, { variables, token });

async function signIn(): Promise<{ sessionId: string; accessToken: string }> {
  const issued = await call('mutation { issueCaptcha { id } }');
  const captchaId = new CaptchaChallenges(platform.identity.services.protector).withAnswer(
    (issued.body.data as { issueCaptcha: { id: string } }).issueCaptcha.id,
    'test',
  );
  const response = await call('mutation($input: SignInInput!) { signIn(input: $input) { sessionId accessToken } }', {
    input: { username: demoCitizen.username, password: demoPassword, captchaId, captchaAnswer: 'test' },
  });
  expect(response.body.errors).toBeUndefined();
  return (response.body.data as { signIn: { sessionId: string; accessToken: string } }).signIn;
}

/** Operations answered by identity alone, the certificate subgraph alone, the RA alone, and all three. */
const operations = {
  identity: '{ me { id } }',
  certificate: '{ certificateStatus(subject: "张三") { __typename } }',
  ra: '{ applicationWorkflow { from } }',
  all: '{ me { id } certificateStatus(subject: "张三") { __typename } applicationWorkflow { from } }',
};

const answer = (response: GraphResponse) => ({
  status: response.status,
  data: response.body.data ?? null,
  errors: response.body.errors?.map((e) => ({ code: e.extensions?.code, message: e.message })),
});

const ended = {
  status: 401,
  data: null,
  errors: [{ code: 'SESSION_ENDED', message: '您已退出登录或会话已被结束，请重新登录' }],
};

describe('an ended session answers one way from the first request (ID-15)', () => {
  it('through the gateway, immediately after sign-out, whichever subgraphs the operation reaches', async () => {
    const session = await signIn();
    for (const query of Object.values(operations)) {
      expect((await call(query, {}, session.accessToken)).body.errors).toBeUndefined();
    }
    const signedOut = await call('mutation { signOut }', {}, session.accessToken);
    expect(signedOut.body).toEqual({ data: { signOut: true } });

    for (const [reaches, query] of Object.entries(operations)) {
      expect({ reaches, ...answer(await call(query, {}, session.accessToken)) }).toEqual({ reaches, ...ended });
    }
    // Identity, which owns the sessions, answers the same when asked directly.
    expect(answer(await graphql(platform.identity.url, operations.identity, { token: session.accessToken }))).toEqual(
      ended,
    );
    // Another session of the same person is untouched.
    const other = await signIn();
    expect(answer(await call(operations.all, {}, other.accessToken)).errors).toBeUndefined();
  });

  it('when an administrator ends the session, from the next request on', async () => {
    const session = await signIn();
    const [, payload] = session.accessToken.split('.');
    const userId = JSON.parse(Buffer.from(payload as string, 'base64url').toString()).sub as string;
    expect((await call(operations.all, {}, session.accessToken)).body.errors).toBeUndefined();
    const administrator = await platform.token({ subject: 'staff-admin', kind: 'staff', roles: ['ADMINISTRATOR'] });
    const endedByAdmin = await call(
      'mutation($id: UUID!) { endUserSessions(userId: $id) }',
      { id: userId },
      administrator,
    );
    expect(endedByAdmin.body.errors).toBeUndefined();
    for (const [reaches, query] of Object.entries(operations)) {
      expect({ reaches, ...answer(await call(query, {}, session.accessToken)) }).toEqual({ reaches, ...ended });
    }
  });

  it('a subgraph that refuses the whole request is answered by the gateway with the same code and status', async () => {
    const session = await signIn();
    // Ended so that only identity knows: the published list leaves out sessions unused for an hour.
    await platform.identity.orm.em
      .fork()
      .getConnection()
      .execute(
        `update "identity"."session" set "revoked_at" = now(), "last_used_at" = now() - interval '1 hour' where "id" = ?`,
        [session.sessionId],
      );
    // Before, the gateway turned identity's 401 into UNAUTHENTICATED ("请先登录") with HTTP 200.
    expect(answer(await call(operations.identity, {}, session.accessToken))).toEqual({
      ...ended,
      data: { me: null },
    });
  });
});
