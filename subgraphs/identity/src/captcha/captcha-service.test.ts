import type { MikroORM } from '@mikro-orm/postgresql';
import { openTestDatabase, testProtector } from '../testing/identity-test-kit';
import { CaptchaService, fixedCaptcha } from './captcha-service';

describe('CaptchaService (ID-10)', () => {
  let orm: MikroORM;
  let captcha: CaptchaService;
  const answer = 'aB3d';

  beforeAll(async () => {
    orm = await openTestDatabase();
    captcha = new CaptchaService(orm.em, testProtector(), { ttlSeconds: 120, length: 4 }, () => ({
      text: answer,
      data: '<svg/>',
    }));
  });
  afterAll(() => orm.close());

  it('draws a real SVG image with the default drawer', async () => {
    const real = new CaptchaService(orm.em, testProtector());
    const issued = await real.issue();
    expect(issued.svg).toMatch(/^<svg[\s\S]*<\/svg>$/);
  });

  it('draws the configured test answer as a real image when CAPTCHA_TEST_ANSWER is set', async () => {
    const fixed = new CaptchaService(orm.em, testProtector(), { ttlSeconds: 120, length: 4 }, fixedCaptcha('Tk7P'));
    const issued = await fixed.issue();
    expect(issued.svg).toMatch(/^<svg[\s\S]*<path[\s\S]*<\/svg>$/);
    expect(await fixed.solve(issued.id, 'tk7p')).toBe(true);
  });

  it('accepts the answer once, case-insensitively, and never stores or reveals it in clear', async () => {
    const issued = await captcha.issue();
    expect(issued.id.toLowerCase()).not.toContain(answer.toLowerCase());
    expect(await captcha.solve(issued.id, 'ab3D')).toBe(true);
    expect(await captcha.solve(issued.id, answer)).toBe(false);
    const rows = await orm.em.fork().getConnection().execute('select * from "identity"."spent_captcha"');
    expect(JSON.stringify(rows).toLowerCase()).not.toContain(answer.toLowerCase());
  });

  it('stores nothing when a captcha is issued, only when it is answered', async () => {
    const count = async () =>
      Number(
        (
          await orm.em
            .fork()
            .getConnection()
            .execute<{ count: string }[]>('select count(*) from "identity"."spent_captcha"')
        )[0]?.count,
      );
    const before = await count();
    const issued = await captcha.issue();
    expect(await count()).toBe(before);
    await captcha.solve(issued.id, 'zzzz');
    expect(await count()).toBe(before + 1);
  });

  it('a wrong answer uses the challenge up', async () => {
    const issued = await captcha.issue();
    expect(await captcha.solve(issued.id, 'zzzz')).toBe(false);
    expect(await captcha.solve(issued.id, answer)).toBe(false);
  });

  it('expires after its lifetime', async () => {
    const issued = await captcha.issue(new Date(Date.now() - 121_000));
    expect(await captcha.solve(issued.id, answer)).toBe(false);
  });

  it('refuses an id whose expiry, nonce or answer tag was altered, or one made without the key', async () => {
    const issued = await captcha.issue();
    const [nonce, expiry, seal, answerTag] = issued.id.split('.') as [string, string, string, string];
    const later = (Number.parseInt(expiry, 36) + 3600).toString(36);
    const otherLast = (part: string) => `${part.slice(0, -1)}${part.endsWith('0') ? '1' : '0'}`;
    const forged = new CaptchaService(orm.em, testProtector(), undefined, () => ({
      text: answer,
      data: '<svg/>',
    }));
    for (const altered of [
      [nonce, later, seal, answerTag].join('.'),
      [otherLast(nonce), expiry, seal, answerTag].join('.'),
      [nonce, expiry, seal, otherLast(answerTag)].join('.'),
      (await forged.issue()).id,
    ]) {
      expect(captcha.spend(altered)).toBeUndefined();
      expect(await captcha.solve(altered, answer)).toBe(false);
    }
    expect(await captcha.solve(issued.id, answer)).toBe(true);
  });

  it('purges spent challenges once they have expired, and only those (ID-10)', async () => {
    const stale = await captcha.issue(new Date(Date.now() - 100_000));
    const fresh = await captcha.issue();
    expect(await captcha.solve(stale.id, answer)).toBe(true);
    expect(await captcha.solve(fresh.id, answer)).toBe(true);
    expect(await captcha.purgeExpired(new Date(Date.now() + 30_000))).toBeGreaterThanOrEqual(1);
    const left = await orm.em
      .fork()
      .getConnection()
      .execute<{ nonce: string }[]>('select "nonce" from "identity"."spent_captcha"');
    const nonces = left.map((row) => row.nonce);
    expect(nonces).not.toContain(stale.id.split('.')[0]);
    expect(nonces).toContain(fresh.id.split('.')[0]);
  });

  it('refuses ids that are not challenge ids', async () => {
    expect(await captcha.solve("x' or 1=1 --", answer)).toBe(false);
  });
});
