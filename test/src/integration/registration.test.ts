import { CaptchaChallenges, MessageCodes, User } from '@tessera/identity';
import { decodeJwt } from 'jose';
import { type GraphResponse, graphql, startTestPlatform, type TestPlatform } from '../harness/platform';

let platform: TestPlatform;
let administrator: string;

beforeAll(async () => {
  platform = await startTestPlatform();
  administrator = await platform.token({ subject: 'staff-admin', kind: 'staff', roles: ['ADMINISTRATOR'] });
});

afterAll(() => platform?.stop());

const flowFields =
  'id step username name idType idNumber bankCode cardNumber phone bankVerified sms { state retryInSeconds }';

async function call<T = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
) {
  return graphql<T>(platform.gateway.url, query, { variables, token });
}

function data<T>(response: GraphResponse<T>): T {
  expect(response.body.errors).toBeUndefined();
  return response.body.data as T;
}

/** A captcha issued through the gateway, minted again with an answer the test knows (the image is for people). */
async function captcha(): Promise<{ captchaId: string; captchaAnswer: string }> {
  const { issueCaptcha } = data(await call<{ issueCaptcha: { id: string } }>('mutation { issueCaptcha { id } }'));
  const captchaAnswer = 'test';
  const captchaId = new CaptchaChallenges(platform.identity.services.protector).withAnswer(
    issueCaptcha.id,
    captchaAnswer,
  );
  return { captchaId: captchaId as string, captchaAnswer };
}

/** 王五 of the sandbox bank (identity README): an ABC debit card and the phone reserved with it. */
const wangwu = { name: '王五', idType: 'RESIDENT_ID_CARD', idNumber: '440305200002294513' };
const wangwuCard = { bankCode: 'ABC', cardNumber: '6228480000000001230', phone: '19912345678' };

describe('citizen registration through the gateway (ID-1..ID-5, ID-9, ID-10)', () => {
  it('walks the three steps with the bank check and the SMS code, in the citizen’s language', async () => {
    const { startRegistration: flow } = data(
      await call<{ startRegistration: { id: string; step: string } }>(
        `mutation { startRegistration { ${flowFields} } }`,
      ),
    );
    expect(flow.step).toBe('LOGIN');

    const taken = await call(
      'mutation($id: UUID!, $input: RegistrationLoginInput!) { submitRegistrationLogin(flowId: $id, input: $input) { step } }',
      { id: flow.id, input: { username: 'zhangsan', password: 'Tessera-2026!x', confirmPassword: 'Tessera-2026!x' } },
    );
    expect(taken.body.errors?.[0]).toMatchObject({ message: '用户名已被使用', extensions: { code: 'USERNAME_TAKEN' } });

    data(
      await call(
        'mutation($id: UUID!, $input: RegistrationLoginInput!) { submitRegistrationLogin(flowId: $id, input: $input) { step } }',
        {
          id: flow.id,
          input: { username: 'wangwu2026', password: 'Tessera-2026!x', confirmPassword: 'Tessera-2026!x' },
        },
      ),
    );
    data(
      await call(
        'mutation($id: UUID!, $input: RegistrationIdentityInput!) { submitRegistrationIdentity(flowId: $id, input: $input) { step } }',
        { id: flow.id, input: { ...wangwu, name: '王六' } },
      ),
    );
    const sendCode = async (input: typeof wangwuCard, answer?: string) => {
      const solved = await captcha();
      return call<{ sendRegistrationCode: { step: string; sms: { state: string } } }>(
        `mutation($id: UUID!, $input: RegistrationVerificationInput!) { sendRegistrationCode(flowId: $id, input: $input) { ${flowFields} } }`,
        { id: flow.id, input: { ...input, ...solved, captchaAnswer: answer ?? solved.captchaAnswer } },
      );
    };
    const wrongCaptcha = await sendCode(wangwuCard, 'nope');
    expect(wrongCaptcha.body.errors?.[0]).toMatchObject({ extensions: { code: 'CAPTCHA_INVALID' } });
    const mismatch = await sendCode(wangwuCard);
    expect(mismatch.body.errors?.[0]).toMatchObject({
      message: '人员姓名或证件类型或证件号与银行登记不匹配',
      extensions: { code: 'IDENTITY_MISMATCH' },
    });

    const back = data(
      await call<{ registrationBack: { step: string; name: string; idNumber: string } }>(
        `mutation($id: UUID!) { registrationBack(flowId: $id) { ${flowFields} } }`,
        { id: flow.id },
      ),
    ).registrationBack;
    expect(back).toMatchObject({ step: 'IDENTITY', name: '王六', idNumber: wangwu.idNumber });
    data(
      await call(
        'mutation($id: UUID!, $input: RegistrationIdentityInput!) { submitRegistrationIdentity(flowId: $id, input: $input) { step } }',
        { id: flow.id, input: wangwu },
      ),
    );

    const wrongPhone = await sendCode({ ...wangwuCard, phone: '13800138000' });
    expect(wrongPhone.body.errors?.[0]).toMatchObject({
      message: '手机号与银行预留手机号不一致，请更换银行卡验证或去对应银行网点修改预留手机号',
      extensions: { code: 'PHONE_MISMATCH' },
    });

    const sent = data(await sendCode(wangwuCard)).sendRegistrationCode;
    expect(sent.step).toBe('VERIFICATION');
    expect(['QUEUED', 'SENT']).toContain(sent.sms.state);

    const outbox = data(
      await call<{ smsOutbox: { id: string; phoneMasked: string; text: string; purpose: string }[] }>(
        '{ smsOutbox(limit: 5) { id phoneMasked text purpose } }',
        {},
        administrator,
      ),
    ).smsOutbox;
    const message = outbox.find((m) => m.phoneMasked.endsWith('5678'));
    // ID-9: administrators see the code masked; the code is derived from the message for the sender only.
    expect(message?.text).toContain('验证码******');
    const code = message && new MessageCodes(platform.identity.services.protector).codeOf(message.id);
    expect(code).toMatch(/^\d{6}$/);

    const wrong = await call(
      'mutation($id: UUID!, $code: String!) { completeRegistration(flowId: $id, code: $code) { userId } }',
      {
        id: flow.id,
        code: code === '000000' ? '111111' : '000000',
      },
    );
    expect(wrong.body.errors?.[0]?.extensions?.code).toMatch(/CODE/);

    const registered = data(
      await call<{ completeRegistration: { userId: string; username: string } }>(
        'mutation($id: UUID!, $code: String!) { completeRegistration(flowId: $id, code: $code) { userId username } }',
        { id: flow.id, code },
      ),
    ).completeRegistration;
    expect(registered.username).toBe('wangwu2026');

    const account = await platform.identity.orm.em.fork().findOneOrFail(User, { id: registered.userId });
    const session = await platform.identity.services.sessions.open(account, 'password');
    expect(decodeJwt(session.accessToken)).toMatchObject({ sub: registered.userId, kind: 'citizen', rnv: true });
    const token = session.accessToken;
    expect(data(await call('{ me { username } }', {}, token))).toEqual({ me: { username: 'wangwu2026' } });
    expect(platform.logs.text()).not.toContain(wangwu.idNumber);
    expect(platform.logs.text()).not.toContain(wangwuCard.cardNumber);
  });
});
