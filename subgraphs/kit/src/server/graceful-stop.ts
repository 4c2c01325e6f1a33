import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../config/config';
import type { Listening, Readiness } from './http';

/**
 * Stops an HTTP process without dropping requests (SHUTDOWN_DELAY_SECONDS, SHUTDOWN_GRACE_SECONDS):
 * `/ready` answers 503 first so load balancers take the process out, new requests are still served
 * for the delay, then the listener closes and the requests in flight get the grace to finish before
 * their connections are cut. Whatever the process holds (Apollo, pools) is released after.
 */
export class GracefulStop {
  private stopping = false;

  constructor(private readonly plan: Config['runtime']['shutdown']) {}

  /** `ready`, but not ready from the moment the process stops. */
  readiness(ready: () => Promise<Readiness>): () => Promise<Readiness> {
    return async () => (this.stopping ? false : ready());
  }

  async stop(listening: Listening): Promise<void> {
    this.stopping = true;
    if (this.plan.delayMs) await sleep(this.plan.delayMs);
    await listening.close(this.plan.graceMs);
  }
}
