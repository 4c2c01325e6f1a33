import type { EntityManager } from '@mikro-orm/postgresql';
import type { DataProtector } from '@tessera/kit';
import { executePrepared } from '@tessera/kit';
import { type CaptchaObj, type ConfigObject, create } from 'svg-captcha';
import { identityError } from '../errors';
import { type CaptchaChallenge, CaptchaChallenges } from './captcha-challenge';
import { SpentCaptcha } from './spent-captcha.entity';

export interface CaptchaPolicy {
  ttlSeconds: number;
  length: number;
}

export const defaultCaptchaPolicy: CaptchaPolicy = { ttlSeconds: 120, length: 4 };

/** svg-captcha's own export draws given text; its typings only declare `create`. */
const drawText = require('svg-captcha') as (text: string, options: ConfigObject) => string;

/** Draws `text` every time: development and browser tests only (CAPTCHA_TEST_ANSWER). */
export function fixedCaptcha(text: string): (options: ConfigObject) => CaptchaObj {
  return (options) => ({ text, data: drawText(text, options) });
}

export interface IssuedCaptcha {
  id: string;
  /** The image as an SVG document. */
  svg: string;
  expiresAt: Date;
}

/** The statement that spends a challenge, and the challenge it spends. */
export interface CaptchaSpending {
  /** Inserts the challenge into the spent list; returns a row only the first time. */
  sql: string;
  params: unknown[];
  challenge: CaptchaChallenge;
}

/**
 * Self-hosted image captchas (ID-10): short-lived and single use, answers compared
 * case-insensitively. Letters easy to confuse (0/o, 1/l/i) are never drawn. Issuing is stateless
 * (the id carries a keyed hash of the answer: see CaptchaChallenges); answering records the
 * challenge as spent, in the same statement as the rest of a sign-in's read.
 */
export class CaptchaService {
  private readonly challenges: CaptchaChallenges;

  constructor(
    private readonly em: EntityManager,
    protector: DataProtector,
    private readonly policy: CaptchaPolicy = defaultCaptchaPolicy,
    private readonly draw: (options: ConfigObject) => CaptchaObj = create,
  ) {
    this.challenges = new CaptchaChallenges(protector);
  }

  async issue(now = new Date()): Promise<IssuedCaptcha> {
    const captcha = this.draw({ size: this.policy.length, noise: 2, ignoreChars: '0oO1lIi', color: true });
    const expiresAt = new Date(Math.floor(now.getTime() / 1000 + this.policy.ttlSeconds) * 1000);
    return { id: this.challenges.mint(captcha.text, expiresAt), svg: captcha.data, expiresAt };
  }

  /** Empties the spent list of challenges that have expired anyway; a timer calls it. */
  async purgeExpired(now = new Date()): Promise<number> {
    return this.em.fork().nativeDelete(SpentCaptcha, { expiresAt: { $lt: now } });
  }

  /** True when the answer is right; the challenge is spent afterwards either way. */
  async solve(id: string, answer: string, now = new Date()): Promise<boolean> {
    const spending = this.spend(id, now);
    if (!spending) return false;
    const rows = await executePrepared(this.em, spending);
    return this.matches(spending.challenge, rows.length > 0, answer);
  }

  /**
   * The statement that spends a challenge (sign-in runs it as part of its one read); it returns a
   * row only if the challenge was not spent before. Undefined for an id that is malformed, forged
   * or expired: such an id is refused without a database write.
   */
  spend(id: string, now = new Date()): CaptchaSpending | undefined {
    const challenge = this.challenges.read(id);
    if (!challenge || challenge.expiresAt <= now) return undefined;
    return {
      sql: 'insert into "identity"."spent_captcha" ("nonce", "expires_at") values (?, ?) on conflict do nothing returning "nonce"',
      params: [challenge.nonce, challenge.expiresAt],
      challenge,
    };
  }

  /** Whether a challenge, spent now for the first time (`fresh`), was answered right. */
  matches(challenge: CaptchaChallenge, fresh: boolean, answer: string): boolean {
    return fresh && this.challenges.answers(challenge, answer);
  }

  /** Throws CAPTCHA_INVALID unless the answer is right: sign-in, recovery and password change call it first. */
  async require(answer: { captchaId: string; captchaAnswer: string }, now = new Date()): Promise<void> {
    if (!(await this.solve(answer.captchaId, answer.captchaAnswer, now))) throw identityError('CAPTCHA_INVALID');
  }
}
