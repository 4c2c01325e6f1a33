import type { RevocationAction } from '../revocation/revocation-event.entity';
import type { RevocationReason } from '../revocation/revocation-reason';
import type { RevocationStatus } from '../revocation/revocation-transitions';

/** One status change from the certificate's history (`revocation_event`). */
export interface StatusChange {
  action: RevocationAction;
  reason?: RevocationReason | null;
  at: Date;
}

/** The revocation status a certificate had at `time`, and since when. */
export interface StatusAt {
  status: RevocationStatus;
  since?: Date;
  reason?: RevocationReason;
}

/**
 * The status at `time`, replayed from the history of suspensions, releases and revocations (each stored with
 * its date): the last change at or before `time` decides, so a change in the same second as the signature
 * counts against it. A certificate revoked after the signing time was active when it signed.
 */
export function statusAt(changes: readonly StatusChange[], time: Date): StatusAt {
  let current: StatusAt = { status: 'active' };
  for (const change of [...changes].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    if (change.at.getTime() > time.getTime()) break;
    if (change.action === 'release') current = { status: 'active' };
    else if (change.action === 'suspend') current = { status: 'onHold', since: change.at, reason: 'certificateHold' };
    else {
      // A revocation from hold keeps, as the CRL does, the date the hold began.
      const since = current.status === 'onHold' ? current.since : change.at;
      current = { status: 'revoked', since, reason: change.reason ?? undefined };
    }
  }
  return current;
}
