import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { DataProtector } from '@tessera/kit';

/** An issued captcha as its id carries it: nothing about it is stored until it is answered. */
export interface CaptchaChallenge {
  /** Unique per challenge: what the spent list records. */
  nonce: string;
  expiresAt: Date;
  /** Keyed hash binding the right answer to this nonce. */
  answerTag: string;
}

const tagLength = 32;
const idPattern = /^([0-9a-f-]{36})\.([0-9a-z]{1,10})\.([0-9a-f]{32})\.([0-9a-f]{32})$/;

/** How answers are compared: case, width and surrounding spaces do not matter. */
function normalise(answer: string): string {
  return answer.normalize('NFKC').trim().toLowerCase();
}

function same(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/**
 * Stateless captcha challenge ids (ID-10): `nonce.expiry.seal.answerTag`. The answer tag is a keyed
 * hash of the nonce and the right answer, so the id reveals nothing about the answer; the seal, a
 * keyed hash over the rest, lets a forged or altered id be refused without touching the database.
 * Issuing a captcha therefore writes nothing: anonymous callers cannot fill a table by asking for
 * images. Single use is kept by the spent list the answer is recorded in (see CaptchaService).
 */
export class CaptchaChallenges {
  constructor(private readonly protector: DataProtector) {}

  /** A new challenge for `answer`. */
  mint(answer: string, expiresAt: Date, nonce: string = randomUUID()): string {
    const expiry = Math.floor(expiresAt.getTime() / 1000).toString(36);
    const answerTag = this.answerTag(nonce, answer);
    return `${nonce}.${expiry}.${this.seal(nonce, expiry, answerTag)}.${answerTag}`;
  }

  /** The challenge an id names, or undefined when it is malformed, forged or altered. */
  read(id: string): CaptchaChallenge | undefined {
    const parts = idPattern.exec(id);
    if (!parts) return undefined;
    const [, nonce, expiry, seal, answerTag] = parts as unknown as [string, string, string, string, string];
    if (!same(seal, this.seal(nonce, expiry, answerTag))) return undefined;
    return { nonce, expiresAt: new Date(Number.parseInt(expiry, 36) * 1000), answerTag };
  }

  /**
   * The same challenge (nonce and expiry) with another answer: tests answer drawn captchas this way,
   * as they hold the key. Undefined for an id that is not a challenge's.
   */
  withAnswer(id: string, answer: string): string | undefined {
    const challenge = this.read(id);
    return challenge && this.mint(answer, challenge.expiresAt, challenge.nonce);
  }

  /** Whether `answer` is the challenge's answer. */
  answers(challenge: CaptchaChallenge, answer: string): boolean {
    return same(challenge.answerTag, this.answerTag(challenge.nonce, answer));
  }

  private answerTag(nonce: string, answer: string): string {
    return this.protector.digest('captcha', `${nonce}\0${normalise(answer)}`).slice(0, tagLength);
  }

  private seal(nonce: string, expiry: string, answerTag: string): string {
    return this.protector.digest('captcha-challenge', `${nonce}\0${expiry}\0${answerTag}`).slice(0, tagLength);
  }
}
