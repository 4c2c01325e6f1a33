import { randomUUID } from 'node:crypto';
import { createTestDatabase } from '@tessera/kit';
import { capturedLogger, openMigratedDatabase } from '../testing/identity-test-kit';

/** Migration 0011 on a database that 0010 left with codes in its messages (issue 11 item 9, ID-9). */
describe('migration 0011: no code left in the outbox', () => {
  const { log } = capturedLogger();

  it('masks the codes of every message, gives up those still waiting, and keeps the limits and flows', async () => {
    const url = await createTestDatabase();
    const before = await openMigratedDatabase(url, log, 10);
    const sent = { id: randomUUID(), code: '482913' };
    const waiting = { id: randomUUID(), code: '907155' };
    const notice = randomUUID();
    const flow = randomUUID();
    try {
      const db = before.em.getConnection();
      const message = (id: string, text: string, state: string) =>
        db.execute(
          `insert into "identity"."sms_message" ("id", "purpose", "phone_sealed", "phone_index", "phone_masked", "client_index", "text", "state", "next_attempt_at", "created_at")
           values (?, 'registration', 'sealed', 'phone-index', '138****8000', 'client-index', ?, ?, now(), now() - interval '5 minutes')`,
          [id, text, state],
        );
      await message(sent.id, `【社会统一用户平台】您正在注册，验证码${sent.code}，5分钟内有效。`, 'sent');
      await message(waiting.id, `【社会统一用户平台】您正在找回密码，验证码${waiting.code}，5分钟内有效。`, 'pending');
      await message(notice, '【社会统一用户平台】您的用户名是：user_123456。', 'pending');
      for (const { id } of [sent, waiting]) {
        await db.execute(
          `insert into "identity"."sms_code" ("id", "purpose", "subject", "phone_index", "code_digest", "expires_at", "message_id", "created_at")
           values (?, 'registration', ?, 'phone-index', 'digest', now() + interval '5 minutes', ?, now())`,
          [randomUUID(), randomUUID(), id],
        );
      }
      await db.execute(
        `insert into "identity"."recovery_flow" ("id", "purpose", "expires_at", "created_at") values (?, 'password', now() + interval '10 minutes', now())`,
        [flow],
      );
    } finally {
      await before.close();
    }

    const after = await openMigratedDatabase(url, log);
    try {
      const db = after.em.getConnection();
      for (const table of ['sms_message', 'sms_code', 'sms_request']) {
        const rows = await db.execute(`select * from "identity"."${table}"`);
        for (const row of rows) {
          for (const value of Object.values(row)) {
            expect(String(value)).not.toContain(sent.code);
            expect(String(value)).not.toContain(waiting.code);
          }
        }
      }
      const messages: { id: string }[] = await db.execute(`select "id", "text", "state" from "identity"."sms_message"`);
      const byId = new Map(messages.map((m) => [m.id, m]));
      expect(byId.get(sent.id)).toMatchObject({ state: 'sent', text: expect.stringContaining('验证码{code}，') });
      expect(byId.get(waiting.id)).toMatchObject({ state: 'failed', text: expect.stringContaining('验证码{code}，') });
      expect(byId.get(notice)).toMatchObject({
        state: 'pending',
        text: '【社会统一用户平台】您的用户名是：user_123456。',
      });
      const live = await db.execute(
        `select count(*)::int as "n" from "identity"."sms_code" where "consumed_at" is null`,
      );
      expect(live[0]?.n).toBe(1);
      const requests = await db.execute(`select "recipient_index", "client_index" from "identity"."sms_request"`);
      expect(requests).toHaveLength(3);
      expect(requests[0]).toEqual({ recipient_index: 'phone-index', client_index: 'client-index' });
      const flows = await db.execute(`select "subject_key" from "identity"."recovery_flow" where "id" = ?`, [flow]);
      expect(flows[0]?.subject_key).toBe(flow);
    } finally {
      await after.close();
    }
  });
});
