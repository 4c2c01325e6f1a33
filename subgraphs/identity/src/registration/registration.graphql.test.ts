import type { MikroORM } from '@mikro-orm/postgresql';
import type { Viewer } from '@tessera/kit';
import { errorCodesOf } from '@tessera/kit';
import type { ExecutionResult } from 'graphql';
import { MessageCodes } from '../sms/message-codes';
import { citizenViewer, type GraphHarness, staffViewer, startGraphHarness } from '../testing/graph-harness';
import { capturedLogger, knowCaptcha, openTestDatabase } from '../testing/identity-test-kit';

const codes = errorCodesOf;

/** The data of a result that must have no errors. */
function dataOf<T>(result: ExecutionResult): T {
  expect(result.errors).toBeUndefined();
  return result.data as T;
}

describe('registration through the graph (ID-1..ID-7, permissions)', () => {
  let orm: MikroORM;
  let graph: GraphHarness;
  const { log, lines } = capturedLogger();

  beforeAll(async () => {
    orm = await openTestDatabase(log);
    graph = await startGraphHarness(orm, log);
  });
  afterAll(async () => {
    await graph.close();
    await orm.close();
  });

  /** A captcha issued through the graph, its answer set to one the test knows. */
  async function captcha(): Promise<{ captchaId: string; captchaAnswer: string }> {
    const issued = dataOf<{ issueCaptcha: { id: string } }>(await graph.execute('mutation { issueCaptcha { id } }'));
    const captchaId = issued.issueCaptcha.id;
    return knowCaptcha(graph.services.protector, captchaId);
  }

  const flowFields = 'id step username passwordSet name idType idNumber bankVerified sms { state retryInSeconds }';

  it('ID-1, ID-3, ID-10: an anonymous visitor registers in three steps, answering a captcha before the code is texted', async () => {
    const started = await graph.execute(`mutation { startRegistration { ${flowFields} } }`);
    expect(started.errors).toBeUndefined();
    const flowId = dataOf<{ startRegistration: { id: string } }>(started).startRegistration.id;
    const login = await graph.execute(
      `mutation($id: UUID!) { submitRegistrationLogin(flowId: $id, input: { username: "wang_xiaoming", password: "Secret-2024", confirmPassword: "Secret-2024" }) { step } }`,
      undefined,
      { id: flowId },
    );
    expect(login.data).toEqual({ submitRegistrationLogin: { step: 'IDENTITY' } });
    const identity = await graph.execute(
      `mutation($id: UUID!) { submitRegistrationIdentity(flowId: $id, input: { name: "张三", idType: RESIDENT_ID_CARD, idNumber: "440303198503121239" }) { step idType } }`,
      undefined,
      { id: flowId },
    );
    expect(identity.data).toEqual({ submitRegistrationIdentity: { step: 'VERIFICATION', idType: 'RESIDENT_ID_CARD' } });
    const card = { bankCode: 'ICBC', cardNumber: '6222 0200 0000 0001 230', phone: '13800138000' };
    const sendCode = `mutation($id: UUID!, $input: RegistrationVerificationInput!) {
      sendRegistrationCode(flowId: $id, input: $input) { bankVerified sms { state retryInSeconds } } }`;
    const wrongCaptcha = await graph.execute(sendCode, undefined, {
      id: flowId,
      input: { ...card, ...(await captcha()), captchaAnswer: 'nope' },
    });
    expect(codes(wrongCaptcha)).toEqual(['CAPTCHA_INVALID']);
    const sent = await graph.execute(sendCode, undefined, { id: flowId, input: { ...card, ...(await captcha()) } });
    expect(sent.errors).toBeUndefined();
    expect(sent.data).toEqual({
      sendRegistrationCode: { bankVerified: true, sms: { state: 'QUEUED', retryInSeconds: 60 } },
    });
    const outbox = await graph.execute(
      '{ smsOutbox(limit: 1) { id phoneMasked text state } }',
      staffViewer('ADMINISTRATOR'),
    );
    const [message] = dataOf<{ smsOutbox: { id: string; phoneMasked: string; text: string }[] }>(outbox).smsOutbox;
    expect(message?.phoneMasked).toBe('138****8000');
    // ID-9: administrators read the message with its code masked; the code exists only in the text sent.
    expect(message?.text).toContain('验证码******');
    const code = message && new MessageCodes(graph.services.protector).codeOf(message.id);
    expect(JSON.stringify(outbox)).not.toContain(code);
    const done = await graph.execute(
      `mutation($id: UUID!, $code: String!) { completeRegistration(flowId: $id, code: $code) { username } }`,
      undefined,
      { id: flowId, code },
    );
    expect(done.data).toEqual({ completeRegistration: { username: 'wang_xiaoming' } });
    expect(lines.join('\n')).not.toContain('440303198503121239');
  });

  it('ID-2: the error code of a taken username reaches the client', async () => {
    const started = await graph.execute('mutation { startRegistration { id } }');
    const flowId = dataOf<{ startRegistration: { id: string } }>(started).startRegistration.id;
    const taken = await graph.execute(
      `mutation($id: UUID!) { submitRegistrationLogin(flowId: $id, input: { username: "Wang_XiaoMing", password: "Secret-2024", confirmPassword: "Secret-2024" }) { step } }`,
      undefined,
      { id: flowId },
    );
    expect(codes(taken)).toEqual(['USERNAME_TAKEN']);
  });

  it('ID-6: the banks are public, CMBC listed as not connected', async () => {
    const result = await graph.execute('{ banks { code nameZh connected } }');
    const { banks } = dataOf<{ banks: { code: string; nameZh: string; connected: boolean }[] }>(result);
    expect(banks).toHaveLength(12);
    expect(banks.find((b) => b.code === 'CMBC')).toEqual({ code: 'CMBC', nameZh: '民生银行', connected: false });
  });

  it('ID-10: anyone may get a captcha image', async () => {
    const result = await graph.execute('mutation { issueCaptcha { id svg } }');
    expect(dataOf<{ issueCaptcha: { svg: string } }>(result).issueCaptcha.svg).toMatch(/^<svg/);
  });

  describe('permission matrix of the administration operations', () => {
    const viewers: [string, boolean, Viewer][] = [
      ['anonymous', false, { kind: 'anonymous' }],
      ['a citizen', false, citizenViewer()],
      ['a review clerk', false, staffViewer('REVIEW_CLERK')],
      ['an auditor', false, staffViewer('AUDITOR')],
      [
        'a business system',
        false,
        { kind: 'system', subject: 'hr-portal', roles: new Set(), scopes: new Set(['identity.read']) },
      ],
      ['an administrator', true, staffViewer('ADMINISTRATOR')],
    ];

    it.each(viewers)('smsOutbox as %s: allowed = %s', async (_who, allowed, viewer) => {
      const result = await graph.execute('{ smsOutbox { id } }', viewer);
      if (allowed) expect(result.errors).toBeUndefined();
      else expect(codes(result)?.[0]).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
    });

    it.each(viewers)('ID-6 setBankConnected as %s: allowed = %s', async (_who, allowed, viewer) => {
      const result = await graph.execute(
        'mutation { setBankConnected(code: "CMBC", connected: false) { connected } }',
        viewer,
      );
      if (allowed) expect(result.data).toEqual({ setBankConnected: { connected: false } });
      else expect(codes(result)?.[0]).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
    });
  });
});
