import type { EntityManager } from '@mikro-orm/postgresql';
import { Certificate } from '../certificates/certificate.entity';
import type { RevocationService } from './revocation-service';

/** RA-5: a suspension lasts at most six months. */
export const maximumHoldMonths = 6;

export interface HoldReleaseJobOptions {
  em: EntityManager;
  revocation: RevocationService;
  clock?: () => Date;
}

/**
 * Releases every hold older than six months that no revocation replaced (RA-5). A hold on a
 * certificate whose validity has ended is left alone: that one goes to the RA for revocation.
 * Scheduled in `jobs/scheduled-jobs.ts`.
 */
export class HoldReleaseJob {
  private readonly clock: () => Date;

  constructor(private readonly options: HoldReleaseJobOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** One pass; returns the ids released. */
  async run(): Promise<string[]> {
    const now = this.clock();
    const cutoff = new Date(now);
    cutoff.setUTCMonth(cutoff.getUTCMonth() - maximumHoldMonths);
    const expired = await this.options.em
      .fork()
      .find(
        Certificate,
        { revocationReason: 'certificateHold', revokedAt: { $lte: cutoff }, notAfter: { $gt: now } },
        { fields: ['id'] },
      );
    const released: string[] = [];
    for (const { id } of expired) {
      await this.options.revocation.autoRelease(id);
      released.push(id);
    }
    return released;
  }
}
