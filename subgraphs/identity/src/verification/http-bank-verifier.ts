import type { Logger } from '@tessera/kit';
import CircuitBreaker from 'opossum';
import { type BankVerifier, type FourElements, isVerificationOutcome, type VerificationOutcome } from './bank-verifier';

export interface HttpBankVerifierOptions {
  /** Base URL of the verification platform, e.g. `http://127.0.0.1:4010`. */
  url: string;
  /** Time allowed for one attempt, in milliseconds. */
  timeoutMs?: number;
  /** Attempts after the first one, on timeouts, network errors and 5xx answers. */
  retries?: number;
  /** Wait before the first retry; doubled for each further one (with jitter). */
  backoffMs?: number;
  /** Circuit breaker: failure percentage that opens it, and how long it stays open. */
  breakerErrorThresholdPercentage?: number;
  breakerResetMs?: number;
  log: Logger;
}

class TransientFailure extends Error {}

/**
 * The banks' verification platform over HTTP. Every failure to get an answer becomes
 * `unavailable` ("try later"): the caller creates nothing then. Logs name the bank, the outcome
 * and the timing, never a personal element.
 */
export class HttpBankVerifier implements BankVerifier {
  private readonly breaker: CircuitBreaker<[FourElements], VerificationOutcome>;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoffMs: number;

  constructor(private readonly options: HttpBankVerifierOptions) {
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.retries = options.retries ?? 2;
    this.backoffMs = options.backoffMs ?? 200;
    this.breaker = new CircuitBreaker((elements: FourElements) => this.withRetries(elements), {
      // The attempts carry their own timeouts; the breaker only counts failures.
      timeout: false,
      errorThresholdPercentage: options.breakerErrorThresholdPercentage ?? 50,
      resetTimeout: options.breakerResetMs ?? 30_000,
      volumeThreshold: 5,
    });
    this.breaker.on('open', () => options.log.warn('bank verification circuit opened'));
    this.breaker.on('close', () => options.log.info('bank verification circuit closed'));
  }

  async verify(elements: FourElements): Promise<VerificationOutcome> {
    const started = Date.now();
    let outcome: VerificationOutcome;
    try {
      outcome = await this.breaker.fire(elements);
    } catch (error) {
      outcome = 'unavailable';
      this.options.log.warn(
        { bankCode: elements.bankCode, reason: this.breaker.opened ? 'circuit open' : (error as Error).message },
        'bank verification unavailable',
      );
    }
    this.options.log.info(
      { bankCode: elements.bankCode, outcome, durationMs: Date.now() - started },
      'bank verification answered',
    );
    return outcome;
  }

  /** Stops the breaker's timers (tests and shutdown). */
  close(): void {
    this.breaker.shutdown();
  }

  private async withRetries(elements: FourElements): Promise<VerificationOutcome> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.attempt(elements);
      } catch (error) {
        if (!(error instanceof TransientFailure) || attempt >= this.retries) throw error;
        const wait = this.backoffMs * 2 ** attempt * (0.5 + Math.random() / 2);
        this.options.log.debug(
          { bankCode: elements.bankCode, attempt: attempt + 1, reason: error.message },
          'retrying',
        );
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  private async attempt(elements: FourElements): Promise<VerificationOutcome> {
    let response: Response;
    try {
      response = await fetch(new URL('/v1/verifications', this.options.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(elements),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const name = (error as Error).name;
      throw new TransientFailure(name === 'TimeoutError' ? 'timeout' : `network error (${name})`);
    }
    if (response.status >= 500) throw new TransientFailure(`status ${response.status}`);
    const body = (await response.json().catch(() => ({}))) as { outcome?: unknown };
    if (!response.ok || !isVerificationOutcome(body.outcome)) {
      throw new Error(`unexpected answer (status ${response.status})`);
    }
    return body.outcome;
  }
}
