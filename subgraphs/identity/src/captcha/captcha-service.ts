import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type CaptchaObj, type ConfigObject, create } from 'svg-captcha';
import { identityError } from '../errors';
import type { DataProtector } from '../protection/data-protector';
import { CaptchaChallenge } from './captcha-challenge.entity';

export interface CaptchaPolicy {
  ttlSeconds: number;
  length: number;
}

export const defaultCaptchaPolicy: CaptchaPolicy = { ttlSeconds: 120, length: 4 };

/** A challenge as its consuming statement returns it. */
export interface ConsumedCaptcha {
  answer_digest: string;
  expires_at: Date;
}

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

/**
 * Self-hosted image captchas (ID-10): short-lived and single use, answers compared
 * case-insensitively. Letters easy to confuse (0/o, 1/l/i) are never drawn.
 */
export class CaptchaService {
  constructor(
    private readonly em: EntityManager,
    private readonly protector: DataProtector,
    private readonly policy: CaptchaPolicy = defaultCaptchaPolicy,
    private readonly draw: (options: ConfigObject) => CaptchaObj = create,
  ) {}

  async issue(now = new Date()): Promise<IssuedCaptcha> {
    const captcha = this.draw({ size: this.policy.length, noise: 2, ignoreChars: '0oO1lIi', color: true });
    const challenge = {
      id: randomUUID(),
      answerDigest: this.digest(captcha.text),
      expiresAt: new Date(now.getTime() + this.policy.ttlSeconds * 1000),
      createdAt: now,
    };
    // One insert, no transaction around it: every sign-in starts here.
    await this.em.fork().insert(CaptchaChallenge, challenge);
    return { id: challenge.id, svg: captcha.data, expiresAt: challenge.expiresAt };
  }

  /** Removes challenges nobody answered in time; a timer calls it, not every issue (a hot path). */
  async purgeExpired(now = new Date()): Promise<number> {
    return this.em.fork().nativeDelete(CaptchaChallenge, { expiresAt: { $lt: now } });
  }

  /** True when the answer is right; the challenge is gone afterwards either way. */
  async solve(id: string, answer: string, now = new Date()): Promise<boolean> {
    const taking = this.take(id);
    if (!taking) return false;
    const rows: ConsumedCaptcha[] = await this.em.fork().execute(taking.sql, taking.params);
    return this.matches(rows[0], answer, now);
  }

  /**
   * The statement that consumes a challenge, returning `answer_digest` and `expires_at`: sign-in
   * runs it as part of its one read. Undefined for an id that cannot be one.
   */
  take(id: string): { sql: string; params: unknown[] } | undefined {
    if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
    return {
      sql: 'delete from "identity"."captcha_challenge" where "id" = ? returning "answer_digest", "expires_at"',
      params: [id],
    };
  }

  /** Whether a consumed challenge (or none) was answered right, in time. */
  matches(consumed: ConsumedCaptcha | undefined, answer: string, now = new Date()): boolean {
    return !!consumed && new Date(consumed.expires_at) > now && consumed.answer_digest === this.digest(answer);
  }

  /** Throws CAPTCHA_INVALID unless the answer is right: sign-in, recovery and password change call it first. */
  async require(answer: { captchaId: string; captchaAnswer: string }, now = new Date()): Promise<void> {
    if (!(await this.solve(answer.captchaId, answer.captchaAnswer, now))) throw identityError('CAPTCHA_INVALID');
  }

  private digest(answer: string): string {
    return this.protector.digest('captcha', answer.normalize('NFKC').trim().toLowerCase());
  }
}
