import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { wholeSeconds } from '../authority/whole-seconds';
import { Certificate } from '../certificates/certificate.entity';
import { CertificateError, type CertificateErrorCode } from '../errors';
import { RevocationEvent } from './revocation-event.entity';
import type { PermanentRevocationReason } from './revocation-reason';
import { type RevocationCommand, type RevocationStatus, transitionFor } from './revocation-transitions';

/** Told after every committed status change, e.g. to publish a new CRL (CT-5). */
export type StatusChangeListener = (certificate: Certificate) => Promise<void>;

export interface RevocationServiceOptions {
  em: EntityManager;
  clock?: () => Date;
  onStatusChange?: StatusChangeListener;
}

/** The refusal for a command that has no transition from the current status. */
const refusals: Record<RevocationStatus, Partial<Record<RevocationCommand, CertificateErrorCode>>> = {
  active: { release: 'CERTIFICATE_NOT_SUSPENDED', autoRelease: 'CERTIFICATE_NOT_SUSPENDED' },
  onHold: { suspend: 'CERTIFICATE_ALREADY_SUSPENDED' },
  revoked: {},
};

export function revocationStatusOf(certificate: Certificate): RevocationStatus {
  if (!certificate.revokedAt) return 'active';
  return certificate.revocationReason === 'certificateHold' ? 'onHold' : 'revoked';
}

/**
 * Revocation (RA-4) with RFC 5280 reasons, suspension as certificateHold and release (RA-5).
 * Each change locks the row, follows `revocationTransitions`, records a `RevocationEvent` and
 * then tells the listener, so the CRL never lags behind a status change.
 */
export class RevocationService {
  private readonly clock: () => Date;

  constructor(private readonly options: RevocationServiceOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** The current revocation status; refuses an unknown or not yet issued certificate. */
  async status(certificateId: string): Promise<RevocationStatus> {
    const certificate = await this.options.em.fork().findOne(Certificate, { id: certificateId });
    if (!certificate) throw new CertificateError('CERTIFICATE_NOT_FOUND', { certificateId });
    if (!certificate.issuedAt) throw new CertificateError('CERTIFICATE_NOT_ISSUED', { certificateId });
    return revocationStatusOf(certificate);
  }

  revoke(certificateId: string, reason: PermanentRevocationReason, actor: string): Promise<Certificate> {
    return this.change(certificateId, 'revoke', actor, (certificate, at) => {
      certificate.revokedAt = certificate.revokedAt ?? at;
      certificate.revocationReason = reason;
    });
  }

  suspend(certificateId: string, actor: string): Promise<Certificate> {
    return this.change(certificateId, 'suspend', actor, (certificate, at) => {
      certificate.revokedAt = at;
      certificate.revocationReason = 'certificateHold';
    });
  }

  release(certificateId: string, actor: string): Promise<Certificate> {
    return this.change(certificateId, 'release', actor, clearHold);
  }

  /** RA-5: the scheduled job's release, recorded as done by `system`. */
  autoRelease(certificateId: string): Promise<Certificate> {
    return this.change(certificateId, 'autoRelease', 'system', clearHold);
  }

  private async change(
    certificateId: string,
    command: RevocationCommand,
    actor: string,
    apply: (certificate: Certificate, at: Date) => void,
  ): Promise<Certificate> {
    const at = wholeSeconds(this.clock());
    const certificate = await this.options.em.fork().transactional(async (em) => {
      const row = await em.findOne(Certificate, { id: certificateId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!row) throw new CertificateError('CERTIFICATE_NOT_FOUND', { certificateId });
      if (!row.issuedAt) throw new CertificateError('CERTIFICATE_NOT_ISSUED', { certificateId });
      const status = revocationStatusOf(row);
      if (status === 'revoked') throw new CertificateError('CERTIFICATE_ALREADY_REVOKED', { certificateId });
      if (!transitionFor(status, command)) {
        throw new CertificateError(refusals[status][command] ?? 'REVOCATION_REASON_INVALID', { certificateId });
      }
      apply(row, at);
      em.create(RevocationEvent, {
        certificateId,
        action: command === 'autoRelease' ? 'release' : command,
        reason: command === 'release' || command === 'autoRelease' ? 'removeFromCRL' : row.revocationReason,
        actor,
        at,
      });
      return row;
    });
    await this.options.onStatusChange?.(certificate);
    return certificate;
  }
}

function clearHold(certificate: Certificate): void {
  certificate.revokedAt = null;
  certificate.revocationReason = null;
}
