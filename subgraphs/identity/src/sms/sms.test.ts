import type { MikroORM } from '@mikro-orm/postgresql';
import { errorCodeOf } from '../errors';
import { capturedLogger, openTestDatabase, testProtector } from '../testing/identity-test-kit';
import { LogSmsSender } from './log-sms-sender';
import { MessageCodes } from './message-codes';
import { SmsCodes } from './sms-codes';
import { SmsDispatcher } from './sms-dispatcher';
import { SmsMessage } from './sms-message.entity';
import { SmsOutbox } from './sms-outbox';
import { defaultSmsRateLimits, secondsUntilAllowed } from './sms-rate-limits';
import { SmsRequest } from './sms-request.entity';
import type { OutgoingSms, SmsSender } from './sms-sender';

class RecordingSender implements SmsSender {
  readonly sent: OutgoingSms[] = [];
  failures = 0;

  async send(message: OutgoingSms): Promise<void> {
    if (this.failures > 0) {
      this.failures--;
      throw new Error('gateway down');
    }
    this.sent.push(message);
  }
}

describe('SMS (ID-9)', () => {
  let orm: MikroORM;
  const protector = testProtector();
  const { log, lines } = capturedLogger();
  let outbox: SmsOutbox;
  let codes: SmsCodes;
  let phoneCounter = 0;
  const nextPhone = () => `1390000${String(++phoneCounter).padStart(4, '0')}`;

  beforeAll(async () => {
    orm = await openTestDatabase();
    outbox = new SmsOutbox(protector);
    codes = new SmsCodes(orm.em, outbox, protector);
  });
  afterAll(() => orm.close());

  const messageCodes = new MessageCodes(protector);

  async function issue(subject: string, phone: string, now = new Date(), clientIp?: string) {
    const delivery = await orm.em
      .fork()
      .transactional((em) =>
        codes.issue(em, { purpose: 'test', subject, phone, clientIp, text: (c) => `code ${c}` }, now),
      );
    return { code: messageCodes.codeOf(delivery.messageId), delivery };
  }

  it('codes are 6 digits, stored only as a keyed hash, and single use', async () => {
    const { code, delivery } = await issue('s1', nextPhone());
    expect(code).toMatch(/^\d{6}$/);
    expect(delivery).toMatchObject({ state: 'queued', retryInSeconds: 60 });
    const rows = await orm.em.fork().getConnection().execute('select * from "identity"."sms_code"');
    expect(JSON.stringify(rows)).not.toContain(`"${code}"`);
    await codes.consume('test', 's1', code);
    await expect(codes.consume('test', 's1', code)).rejects.toMatchObject({ extensions: { code: 'SMS_CODE_EXPIRED' } });
  });

  it('a code expires after 5 minutes', async () => {
    const issued = new Date(Date.now() - 301_000);
    const { code } = await issue('s2', nextPhone(), issued);
    await expect(codes.consume('test', 's2', code)).rejects.toMatchObject({ extensions: { code: 'SMS_CODE_EXPIRED' } });
  });

  it('ID-9: 20 wrong codes at once: at most 5 are compared, and the code is used up', async () => {
    const { code } = await issue('s-parallel', nextPhone());
    const wrong = code === '000000' ? '111111' : '000000';
    const answers = await Promise.allSettled(
      Array.from({ length: 20 }, () => codes.consume('test', 's-parallel', wrong)),
    );
    const verdicts = answers.map((a) => (a.status === 'rejected' ? errorCodeOf(a.reason) : 'accepted'));
    expect(verdicts.filter((v) => v === 'SMS_CODE_INVALID')).toHaveLength(5);
    expect(verdicts.filter((v) => v === 'SMS_CODE_EXPIRED')).toHaveLength(15);
    const [row] = await orm.em
      .fork()
      .getConnection()
      .execute(`select "attempts" from "identity"."sms_code" where "subject" = 's-parallel'`);
    expect(row?.attempts).toBe(5);
    await expect(codes.consume('test', 's-parallel', code)).rejects.toMatchObject({
      extensions: { code: 'SMS_CODE_EXPIRED' },
    });
  });

  it('a code allows at most 5 tries, then even the right code fails', async () => {
    const { code } = await issue('s3', nextPhone());
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 4; i++) {
      await expect(codes.consume('test', 's3', wrong)).rejects.toMatchObject({
        extensions: { code: 'SMS_CODE_INVALID' },
      });
    }
    await expect(codes.consume('test', 's3', wrong)).rejects.toMatchObject({
      extensions: { code: 'SMS_CODE_INVALID' },
    });
    await expect(codes.consume('test', 's3', code)).rejects.toMatchObject({ extensions: { code: 'SMS_CODE_EXPIRED' } });
  });

  it('a new code replaces the earlier one', async () => {
    const phone = nextPhone();
    const first = await issue('s4', phone, new Date(Date.now() - 120_000));
    const second = await issue('s4', phone);
    if (first.code !== second.code) {
      await expect(codes.consume('test', 's4', first.code)).rejects.toBeDefined();
    }
    await codes.consume('test', 's4', second.code);
  });

  it('limits one message a minute per phone, answering "retry in N s"', async () => {
    const phone = nextPhone();
    const now = new Date();
    await issue('s5', phone, now);
    const error = await issue('s5', phone, new Date(now.getTime() + 20_000)).catch((e: unknown) => e);
    expect(errorCodeOf(error)).toBe('SMS_RATE_LIMITED');
    expect((error as { extensions: { seconds: number } }).extensions.seconds).toBe(40);
  });

  it('limits ten messages a day per phone and a number per client address', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
    const ten = Array.from({ length: 10 }, (_, i) => minutesAgo(100 + i * 10));
    expect(secondsUntilAllowed(defaultSmsRateLimits, { recipient: ten, client: [] }, now)).toBe(86_400 - 190 * 60);
    expect(secondsUntilAllowed(defaultSmsRateLimits, { recipient: ten.slice(1), client: [] }, now)).toBe(0);
    const thirty = Array.from({ length: 30 }, (_, i) => minutesAgo(1 + i));
    expect(secondsUntilAllowed(defaultSmsRateLimits, { recipient: [], client: thirty }, now)).toBe(30 * 60);
  });

  it('counts messages per client address across phones', async () => {
    const limited = new SmsOutbox(protector, { ...defaultSmsRateLimits, clientPerHour: 2 });
    const send = (phone: string) =>
      orm.em
        .fork()
        .transactional((em) => limited.enqueue(em, { phone, text: 'x', purpose: 'test', clientIp: '10.1.2.3' }));
    await send(nextPhone());
    await send(nextPhone());
    await expect(send(nextPhone())).rejects.toMatchObject({ extensions: { code: 'SMS_RATE_LIMITED' } });
  });

  it('requests older than a day are forgotten: they count towards no limit', async () => {
    const now = new Date();
    await issue('s-old', nextPhone(), new Date(now.getTime() - 86_400_000 - 1000));
    const fresh = await issue('s-new', nextPhone(), now);
    expect(await outbox.purgeRequests(orm.em.fork(), now)).toBeGreaterThanOrEqual(1);
    const left = await orm.em.fork().find(SmsRequest, {});
    expect(left.every((r) => r.createdAt.getTime() > now.getTime() - 86_400_000)).toBe(true);
    expect(fresh.delivery.state).toBe('queued');
  });

  it('two simultaneous requests for one phone: exactly one is queued', async () => {
    const phone = nextPhone();
    const results = await Promise.allSettled([issue('s6', phone), issue('s7', phone)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('the dispatcher delivers the outbox, retries with backoff, then reports "sent"', async () => {
    const sender = new RecordingSender();
    const dispatcher = new SmsDispatcher(orm.em, sender, protector, { log, backoffSeconds: 5 });
    const phone = nextPhone();
    await dispatcher.dispatchDue();
    sender.failures = 1;
    const { delivery } = await issue('s8', phone);
    const now = new Date();
    expect(await dispatcher.dispatchDue(now)).toBeGreaterThanOrEqual(1);
    expect(await outbox.delivery(orm.em.fork(), delivery.messageId)).toMatchObject({ state: 'retrying' });
    expect(await dispatcher.dispatchDue(new Date(now.getTime() + 1000))).toBe(0);
    await dispatcher.dispatchDue(new Date(now.getTime() + 6000));
    expect(sender.sent.map((m) => m.phone)).toContain(phone);
    expect(await outbox.delivery(orm.em.fork(), delivery.messageId)).toMatchObject({ state: 'sent' });
  });

  it('gives a message up as failed after the last attempt', async () => {
    const sender = new RecordingSender();
    const dispatcher = new SmsDispatcher(orm.em, sender, protector, { log, maxAttempts: 2, backoffSeconds: 1 });
    await dispatcher.dispatchDue();
    sender.failures = 2;
    const { delivery } = await issue('s9', nextPhone());
    const now = new Date();
    await dispatcher.dispatchDue(now);
    await dispatcher.dispatchDue(new Date(now.getTime() + 2000));
    const message = await orm.em.fork().findOneOrFail(SmsMessage, { id: delivery.messageId });
    expect(message).toMatchObject({ state: 'failed', attempts: 2, lastError: 'gateway down' });
  });

  it('the log sender prints the message with the phone masked; the outbox lists it for administrators', async () => {
    const dispatcher = new SmsDispatcher(orm.em, new LogSmsSender(log), protector, { log });
    await issue('s10', '13800138000');
    await dispatcher.dispatchDue();
    expect(lines.some((l) => l.includes('SMS to 138****8000: code '))).toBe(true);
    expect(lines.join('\n')).not.toContain('13800138000');
    const listed = await outbox.list(orm.em.fork());
    expect(listed[0]).toMatchObject({ phoneMasked: '138****8000', state: 'sent', text: 'code ******' });
    expect(JSON.stringify(listed)).not.toContain('13800138000');
  });

  it('ID-9: the code is in no column of the SMS tables, only in the text the sender gets', async () => {
    const sender = new RecordingSender();
    const dispatcher = new SmsDispatcher(orm.em, sender, protector, { log });
    await dispatcher.dispatchDue();
    const { code, delivery } = await issue('s11', nextPhone());
    await dispatcher.dispatchDue();
    expect(sender.sent.find((m) => m.id === delivery.messageId)?.text).toBe(`code ${code}`);
    const connection = orm.em.fork().getConnection();
    const tables: { table_name: string }[] = await connection.execute(
      `select table_name from information_schema.tables where table_schema = 'identity' and table_name like 'sms%'`,
    );
    expect(tables.map((t) => t.table_name).sort()).toEqual(['sms_code', 'sms_message', 'sms_request']);
    const holdsCode = new RegExp(`(^|\\D)${code}(\\D|$)`);
    for (const { table_name } of tables) {
      const rows = await connection.execute(`select * from "identity"."${table_name}"`);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        for (const value of Object.values(row)) expect(String(value)).not.toMatch(holdsCode);
      }
    }
    const listed = await outbox.list(orm.em.fork());
    expect(listed.find((m) => m.id === delivery.messageId)?.text).toBe('code ******');
  });
});
