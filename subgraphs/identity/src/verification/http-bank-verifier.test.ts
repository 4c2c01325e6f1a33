import { type RunningSandboxBank, startSandboxBank } from '../sandbox-bank/sandbox-bank';
import { capturedLogger } from '../testing/identity-test-kit';
import type { FourElements } from './bank-verifier';
import { HttpBankVerifier } from './http-bank-verifier';

const zhangsan: FourElements = {
  bankCode: 'ICBC',
  name: '张三',
  idType: 'RESIDENT_ID_CARD',
  idNumber: '440303198503121239',
  cardNumber: '6222020000000001230',
  phone: '13800138000',
};

describe('HttpBankVerifier against the sandbox bank (ID-3..ID-7)', () => {
  let bank: RunningSandboxBank;
  const verifiers: HttpBankVerifier[] = [];
  const { log, lines } = capturedLogger();

  function verifier(options: Partial<ConstructorParameters<typeof HttpBankVerifier>[0]> = {}): HttpBankVerifier {
    const made = new HttpBankVerifier({ url: bank.url, log, timeoutMs: 1000, retries: 1, backoffMs: 5, ...options });
    verifiers.push(made);
    return made;
  }

  beforeAll(async () => {
    bank = await startSandboxBank({ port: 0 });
  });
  afterEach(() => bank.behave({ latencyMs: 0, failing: false }));
  afterAll(async () => {
    for (const v of verifiers) v.close();
    await bank.close();
  });

  it('ID-3: confirms the four elements of a sandbox account', async () => {
    expect(await verifier().verify(zhangsan)).toBe('verified');
  });

  it('ID-4: a wrong name, ID type or ID number is an identity mismatch', async () => {
    const v = verifier();
    expect(await v.verify({ ...zhangsan, name: '李四' })).toBe('identity_mismatch');
    expect(await v.verify({ ...zhangsan, idType: 'PASSPORT' })).toBe('identity_mismatch');
    expect(await v.verify({ ...zhangsan, idNumber: '44030419900101002X' })).toBe('identity_mismatch');
  });

  it('ID-5: a phone other than the reserved one is a phone mismatch', async () => {
    expect(await verifier().verify({ ...zhangsan, phone: '13900139000' })).toBe('phone_mismatch');
  });

  it('ID-7: a credit card and an unknown card are told apart', async () => {
    const v = verifier();
    expect(await v.verify({ ...zhangsan, bankCode: 'CCB', cardNumber: '4367450000000006' })).toBe('credit_card');
    expect(await v.verify({ ...zhangsan, cardNumber: '6222080000000004561' })).toBe('unknown_card');
  });

  it('ID-6: CMBC answers "bank not connected"', async () => {
    expect(await verifier().verify({ ...zhangsan, bankCode: 'CMBC', cardNumber: '6226220000000009' })).toBe(
      'bank_not_connected',
    );
  });

  it('a bank slower than the timeout is "unavailable", after the configured retries', async () => {
    bank.behave({ latencyMs: 400 });
    const before = bank.received;
    expect(await verifier({ timeoutMs: 100, retries: 1 }).verify(zhangsan)).toBe('unavailable');
    expect(bank.received - before).toBe(2);
  });

  it('retries a 503 and succeeds once the bank recovers', async () => {
    bank.behave({ failing: true });
    const v = verifier({ retries: 3, backoffMs: 50 });
    const answer = v.verify(zhangsan);
    setTimeout(() => bank.behave({ failing: false }), 30);
    expect(await answer).toBe('verified');
  });

  it('opens the circuit after repeated failures and stops calling the bank', async () => {
    bank.behave({ failing: true });
    const v = verifier({ retries: 0, breakerResetMs: 60_000 });
    for (let i = 0; i < 6; i++) expect(await v.verify(zhangsan)).toBe('unavailable');
    bank.behave({ failing: false });
    const before = bank.received;
    expect(await v.verify(zhangsan)).toBe('unavailable');
    expect(bank.received).toBe(before);
  });

  it('a bank that is down is "unavailable"', async () => {
    const down = await startSandboxBank({ port: 0 });
    await down.close();
    const v = new HttpBankVerifier({ url: down.url, log, retries: 0 });
    verifiers.push(v);
    expect(await v.verify(zhangsan)).toBe('unavailable');
  });

  it('ID-8: logs name the bank and the outcome but no personal element', async () => {
    await verifier().verify(zhangsan);
    const text = lines.join('\n');
    expect(text).toContain('bank verification answered');
    for (const secret of [zhangsan.name, zhangsan.idNumber, zhangsan.cardNumber, zhangsan.phone]) {
      expect(text).not.toContain(secret);
    }
  });
});
