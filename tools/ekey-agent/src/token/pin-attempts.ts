import { maxPinFailures, type PinAttempt } from '../protocol';

/**
 * CT-3 on the agent's side: wrong PINs in a row per token (by serial number), reset by a right PIN;
 * the fifth locks the token for the agent, which then stops logging in to it. Tokens that count
 * themselves (most EKeys) also lock in hardware and answer CKR_PIN_LOCKED, which locks here too;
 * SoftHSM counts nothing, so the agent's count is the one that holds there. The count lives as long
 * as the agent process: the lock that survives everything is the platform's EKey record, which the web
 * page updates from every `PinAttempt` the agent answers and only the RA unlocks (RA-6).
 */
export class PinAttempts {
  private readonly failures = new Map<string, number>();

  isLocked(ekeySerial: string): boolean {
    return this.failuresOf(ekeySerial) >= maxPinFailures;
  }

  remaining(ekeySerial: string): number {
    return Math.max(maxPinFailures - this.failuresOf(ekeySerial), 0);
  }

  recordFailure(ekeySerial: string): PinAttempt {
    this.failures.set(ekeySerial, this.failuresOf(ekeySerial) + 1);
    return this.attempt(ekeySerial, false);
  }

  recordSuccess(ekeySerial: string): PinAttempt {
    this.failures.delete(ekeySerial);
    return this.attempt(ekeySerial, true);
  }

  /** The token said it is locked: it stays locked here whatever the count was. */
  lock(ekeySerial: string): void {
    this.failures.set(ekeySerial, maxPinFailures);
  }

  private failuresOf(ekeySerial: string): number {
    return this.failures.get(ekeySerial) ?? 0;
  }

  private attempt(ekeySerial: string, correct: boolean): PinAttempt {
    return { ekeySerial, correct, remainingAttempts: this.remaining(ekeySerial), locked: this.isLocked(ekeySerial) };
  }
}
