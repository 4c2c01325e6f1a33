import type { MikroORM } from '@mikro-orm/postgresql';
import type { Viewer } from '@tessera/kit';
import type { ExecutionResult } from 'graphql';
import { citizenViewer, type GraphHarness, startGraphHarness } from '../testing/graph-harness';
import { capturedLogger, knowCaptcha, openTestDatabase } from '../testing/identity-test-kit';
import { MessageCodes } from './message-codes';
import { SmsMessage } from './sms-message.entity';
import { SmsRequest } from './sms-request.entity';

function dataOf<T>(result: ExecutionResult): T {
  expect(result.errors).toBeUndefined();
  return result.data as T;
}

/** 张三 of the sandbox bank: his card and the phone reserved with it. */
const zhangsan = { name: '张三', idType: 'RESIDENT_ID_CARD', idNumber: '440303198503121239' };
const card = { bankCode: 'ICBC', cardNumber: '6222020000000001230', phone: '13800138000' };

describe('ID-9: every mutation that texts a code answers its delivery and counts towards the per-client limit', () => {
  const clientAddress = '203.0.113.7';
  let orm: MikroORM;
  let graph: GraphHarness;
  let citizen: Viewer;
  const { log } = capturedLogger();

  const run = <T>(source: string, variables?: Record<string, unknown>, viewer?: Viewer) =>
    graph.execute(source, viewer, variables).then((result) => dataOf<T>(result));

  async function captcha(): Promise<{ captchaId: string; captchaAnswer: string }> {
    const { issueCaptcha } = await run<{ issueCaptcha: { id: string } }>('mutation { issueCaptcha { id } }');
    return knowCaptcha(graph.services.protector, issueCaptcha.id);
  }

  /** Every code here goes to one sandbox phone: move the earlier requests out of its one-a-minute window. */
  async function letAMinutePass(): Promise<void> {
    await orm.em
      .fork()
      .getConnection()
      .execute(`update "identity"."sms_request" set "created_at" = "created_at" - interval '61 seconds'`);
  }

  const messages = () => orm.em.fork().find(SmsMessage, {}, { orderBy: { createdAt: 'desc' } });
  /** The requests counted towards the per-client limit of this test's client. */
  const countedForClient = () =>
    orm.em.fork().count(SmsRequest, { clientIndex: graph.services.protector.digest('client', clientAddress) });

  beforeAll(async () => {
    orm = await openTestDatabase(log);
    graph = await startGraphHarness(orm, log, clientAddress);
    const { startRegistration: flow } = await run<{ startRegistration: { id: string } }>(
      'mutation { startRegistration { id } }',
    );
    await run(
      'mutation($id: UUID!) { submitRegistrationLogin(flowId: $id, input: { username: "zhangsan", password: "Secret-2024", confirmPassword: "Secret-2024" }) { step } }',
      { id: flow.id },
    );
    await run(
      'mutation($id: UUID!, $input: RegistrationIdentityInput!) { submitRegistrationIdentity(flowId: $id, input: $input) { step } }',
      { id: flow.id, input: zhangsan },
    );
    await run(
      'mutation($id: UUID!, $input: RegistrationVerificationInput!) { sendRegistrationCode(flowId: $id, input: $input) { step } }',
      { id: flow.id, input: { ...card, ...(await captcha()) } },
    );
    const [message] = await messages();
    const code = message && new MessageCodes(graph.services.protector).codeOf(message.id);
    const { completeRegistration } = await run<{ completeRegistration: { userId: string } }>(
      'mutation($id: UUID!, $code: String!) { completeRegistration(flowId: $id, code: $code) { userId } }',
      { id: flow.id, code },
    );
    citizen = citizenViewer(completeRegistration.userId);
  });
  afterAll(async () => {
    await graph.close();
    await orm.close();
  });

  const passwordRecoveryFlow = async () =>
    (
      await run<{ startPasswordRecovery: { flowId: string } }>(
        'mutation($input: PasswordRecoveryInput!) { startPasswordRecovery(input: $input) { flowId } }',
        { input: { username: 'zhangsan', ...(await captcha()) } },
      )
    ).startPasswordRecovery.flowId;

  type Delivery = { state: string; retryInSeconds: number };
  type CodeRequest = { id: string; sms: Delivery };

  /** Each SMS-sending mutation, run once, with the delivery it answers (the deprecated ones answer none). */
  const requests: [string, () => Promise<Delivery | undefined>][] = [
    [
      'requestUsernameRecoveryCode',
      async () =>
        (
          await run<{ requestUsernameRecoveryCode: CodeRequest }>(
            'mutation($input: UsernameRecoveryInput!) { requestUsernameRecoveryCode(input: $input) { id sms { state retryInSeconds } } }',
            { input: { ...zhangsan, ...(await captcha()) } },
          )
        ).requestUsernameRecoveryCode.sms,
    ],
    [
      'startUsernameRecovery (deprecated)',
      async () =>
        void (await run('mutation($input: UsernameRecoveryInput!) { startUsernameRecovery(input: $input) }', {
          input: { ...zhangsan, ...(await captcha()) },
        })),
    ],
    [
      'requestPasswordRecoveryCode',
      async () =>
        (
          await run<{ requestPasswordRecoveryCode: Delivery }>(
            'mutation($id: UUID!, $idNumber: String!) { requestPasswordRecoveryCode(flowId: $id, idNumber: $idNumber) { state retryInSeconds } }',
            { id: await passwordRecoveryFlow(), idNumber: zhangsan.idNumber },
          )
        ).requestPasswordRecoveryCode,
    ],
    [
      'sendPasswordRecoveryCode (deprecated)',
      async () =>
        void (await run(
          'mutation($id: UUID!, $idNumber: String!) { sendPasswordRecoveryCode(flowId: $id, idNumber: $idNumber) }',
          { id: await passwordRecoveryFlow(), idNumber: zhangsan.idNumber },
        )),
    ],
    [
      'requestProfileChangeCode',
      async () =>
        (
          await run<{ requestProfileChangeCode: CodeRequest }>(
            'mutation($input: ProfileChangeInput!) { requestProfileChangeCode(input: $input) { id sms { state retryInSeconds } } }',
            { input: card },
            citizen,
          )
        ).requestProfileChangeCode.sms,
    ],
    [
      'requestProfileChange (deprecated)',
      async () =>
        void (await run(
          'mutation($input: ProfileChangeInput!) { requestProfileChange(input: $input) }',
          { input: card },
          citizen,
        )),
    ],
  ];

  it('the registration code was counted for the client that asked for it', async () => {
    expect(await countedForClient()).toBe(1);
  });

  it.each(requests)('%s texts a code counted for the client that asked for it', async (_name, request) => {
    await letAMinutePass();
    const before = { messages: (await messages()).length, counted: await countedForClient() };
    const delivery = await request();
    expect(await messages()).toHaveLength(before.messages + 1);
    expect(await countedForClient()).toBe(before.counted + 1);
    if (delivery) expect(delivery).toEqual({ state: 'QUEUED', retryInSeconds: 60 });
  });

  it('ID-13, ID-14: identity data that match no account get the same answer, delivery included, and no message', async () => {
    const before = (await messages()).length;
    const { requestUsernameRecoveryCode } = await run<{
      requestUsernameRecoveryCode: { id: string; sms: unknown };
    }>(
      'mutation($input: UsernameRecoveryInput!) { requestUsernameRecoveryCode(input: $input) { id sms { state retryInSeconds } } }',
      { input: { name: '李四', idType: 'RESIDENT_ID_CARD', idNumber: '44030419900101002X', ...(await captcha()) } },
    );
    expect(requestUsernameRecoveryCode.sms).toEqual({ state: 'QUEUED', retryInSeconds: 60 });
    const wrongIdNumber = await run<{ requestPasswordRecoveryCode: unknown }>(
      'mutation($id: UUID!, $idNumber: String!) { requestPasswordRecoveryCode(flowId: $id, idNumber: $idNumber) { state retryInSeconds } }',
      { id: await passwordRecoveryFlow(), idNumber: '44030419900101002X' },
    );
    expect(wrongIdNumber.requestPasswordRecoveryCode).toEqual({ state: 'QUEUED', retryInSeconds: 60 });
    expect(await messages()).toHaveLength(before);
  });
});
