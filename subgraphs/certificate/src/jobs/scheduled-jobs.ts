import type { JobDefinition } from '@tessera/kit';
import type { Pki } from '../pki';

const fifteenMinutes = 15 * 60 * 1000;

/**
 * Everything the certificate subgraph does on a schedule, once per period across its replicas
 * (the kit's `JobScheduler`). Not a job: following other replicas' status changes to forget cached
 * OCSP answers (`Pki.followReplicas`, LISTEN/NOTIFY), which every replica needs for itself.
 */
export function certificateJobs(pki: Pki): JobDefinition[] {
  return [
    /** Holds older than six months that no revocation replaced are released (RA-5). */
    { name: 'hold-release', periodMs: fifteenMinutes, run: () => pki.holdRelease.run() },
    /** A CRL is published again before its nextUpdate, revocations or not (CT-5). */
    { name: 'crl-refresh', periodMs: fifteenMinutes, run: () => pki.crls.refreshDue() },
  ];
}
