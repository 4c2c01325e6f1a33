import type { MikroORM } from '@mikro-orm/postgresql';
import { createLogger } from '@tessera/kit';
import { openTestDatabase } from '../testing/identity-test-kit';
import { BackchannelLogout } from './backchannel-logout.entity';
import { BackchannelLogouts, retrySchedule } from './backchannel-logouts';

describe('the back-channel logout outbox (issue 12, item 6)', () => {
  let orm: MikroORM;
  beforeAll(async () => {
    orm = await openTestDatabase();
  });
  afterAll(() => orm.close());
  const log = createLogger({ service: 'test', level: 'silent' });

  async function queue(systemCode: string): Promise<string> {
    const em = orm.em.fork();
    const logout = em.create(BackchannelLogout, {
      systemCode,
      subject: 'u',
      sid: `sid-${systemCode}`,
      reason: 'signed out',
    });
    await em.flush();
    return logout.id;
  }

  it('retries a failing system with backoff and gives up after the last retry; an administrator may try again', async () => {
    const id = await queue('flaky');
    let failures = Number.POSITIVE_INFINITY;
    const sent: string[] = [];
    const outbox = new BackchannelLogouts(
      orm.em,
      async (system, _subject, sid) => {
        if (failures-- > 0) throw new Error('connect ECONNREFUSED');
        sent.push(`${system}:${sid}`);
      },
      log,
    );
    let clock = Date.now();
    const now = () => new Date(clock);
    for (const wait of retrySchedule) {
      expect(await outbox.drain(now)).toBe(1);
      const row = await orm.em.fork().findOneOrFail(BackchannelLogout, { id });
      expect(row.lastError).toContain('ECONNREFUSED');
      expect(row.nextAttemptAt.getTime()).toBe(clock + wait * 1000);
      expect(await outbox.drain(now)).toBe(0);
      clock += wait * 1000;
    }
    expect(await outbox.drain(now)).toBe(1);
    const abandoned = await orm.em.fork().findOneOrFail(BackchannelLogout, { id });
    expect(abandoned.abandonedAt).toBeInstanceOf(Date);
    expect(abandoned.attempts).toBe(retrySchedule.length + 1);
    expect(await outbox.drain(now)).toBe(0);

    failures = 0;
    await outbox.retry(id);
    await outbox.stop();
    await outbox.drain();
    expect(sent).toEqual(['flaky:sid-flaky']);
    expect((await orm.em.fork().findOneOrFail(BackchannelLogout, { id })).deliveredAt).toBeInstanceOf(Date);
  });

  it('delivers each logout once when several replicas drain at the same time', async () => {
    const ids = await Promise.all(Array.from({ length: 30 }, (_, i) => queue(`system-${i}`)));
    const sent: string[] = [];
    const replicas = Array.from(
      { length: 3 },
      () =>
        new BackchannelLogouts(
          orm.em,
          async (system) => {
            await new Promise((r) => setTimeout(r, 5));
            sent.push(system);
          },
          log,
        ),
    );
    await Promise.all(replicas.map((r) => r.drain()));
    expect(sent.sort()).toEqual(ids.map((_, i) => `system-${i}`).sort());
  });
});
