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

  it('accepts the answer once, case-insensitively, and never stores it in clear', async () => {
    const issued = await captcha.issue();
    const rows = await orm.em.fork().getConnection().execute('select * from "identity"."captcha_challenge"');
    expect(JSON.stringify(rows).toLowerCase()).not.toContain(answer.toLowerCase());
    expect(await captcha.solve(issued.id, 'ab3D')).toBe(true);
    expect(await captcha.solve(issued.id, answer)).toBe(false);
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

  it('purges challenges nobody answered in time, and only those (ID-10)', async () => {
    const stale = await captcha.issue(new Date(Date.now() - 600_000));
    const fresh = await captcha.issue();
    expect(await captcha.purgeExpired()).toBeGreaterThanOrEqual(1);
    expect(await captcha.solve(stale.id, answer)).toBe(false);
    expect(await captcha.solve(fresh.id, answer)).toBe(true);
  });

  it('refuses ids that are not challenge ids', async () => {
    expect(await captcha.solve("x' or 1=1 --", answer)).toBe(false);
  });
});
