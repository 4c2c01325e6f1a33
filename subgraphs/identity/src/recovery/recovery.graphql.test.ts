import type { MikroORM } from '@mikro-orm/postgresql';
import type { Viewer } from '@tessera/kit';
import { errorCodesOf } from '@tessera/kit';
import { citizenViewer, type GraphHarness, staffViewer, startGraphHarness } from '../testing/graph-harness';
import { capturedLogger, openTestDatabase } from '../testing/identity-test-kit';

const codes = errorCodesOf;

describe('recovery and security questions through the graph (ID-13, ID-14, ID-16)', () => {
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

  it('ID-14: password recovery needs the captcha', async () => {
    const result = await graph.execute(
      'mutation { startPasswordRecovery(input: { username: "zhangsan", captchaId: "x", captchaAnswer: "x" }) { flowId } }',
    );
    expect(codes(result)).toEqual(['CAPTCHA_INVALID']);
  });

  it('ID-13: username recovery needs the captcha', async () => {
    const result = await graph.execute(
      'mutation { startUsernameRecovery(input: { name: "张三", idType: RESIDENT_ID_CARD, idNumber: "440303198503121239", captchaId: "x", captchaAnswer: "x" }) }',
    );
    expect(codes(result)).toEqual(['CAPTCHA_INVALID']);
  });

  it('ID-16: the question catalogue is public and in the caller’s language', async () => {
    const result = await graph.execute('{ securityQuestionCatalogue { id text } }');
    const questions = (result.data?.securityQuestionCatalogue ?? []) as { id: string; text: string }[];
    expect(questions.length).toBeGreaterThanOrEqual(3);
    expect(questions[0]?.text).toMatch(/[？]$/);
  });

  const viewers: [string, boolean, Viewer][] = [
    ['anonymous', false, { kind: 'anonymous' }],
    ['a staff member', false, staffViewer('ADMINISTRATOR')],
    ['a business system', false, { kind: 'system', subject: 'hr-portal', roles: new Set(), scopes: new Set() }],
    ['a citizen', true, citizenViewer()],
  ];

  it.each(viewers)('ID-16 mySecurityQuestions as %s: allowed = %s', async (_who, allowed, viewer) => {
    const result = await graph.execute('{ mySecurityQuestions { id } }', viewer);
    if (allowed) expect(result).toEqual({ data: { mySecurityQuestions: [] } });
    else expect(codes(result)?.[0]).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
  });
});
