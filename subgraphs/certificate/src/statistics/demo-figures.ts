import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Certificate, type CertificateKind } from '../certificates/certificate.entity';
import { maximumHoldMonths } from '../revocation/hold-release-job';

const day = 24 * 60 * 60 * 1000;

/** Days to the end of each demo certificate's validity, and its kind. */
const demoEndings: [number, CertificateKind][] = [
  [5, 'personal'],
  [12, 'organization'],
  [25, 'personal'],
  [38, 'organization'],
  [44, 'personal'],
  [52, 'server'],
  [67, 'organization'],
  [75, 'personal'],
  [88, 'organization'],
  [200, 'personal'],
];

/** Days until each demo suspension reaches its six months (RA-5). */
const demoHoldLimits = [9, 27, 48, 81];

/** A demo serial: stable, so a restart finds the certificates already there. */
function demoSerial(n: number): string {
  return createHash('sha256').update(`tessera-demo-dashboard-${n}`).digest('hex').slice(0, 32);
}

/**
 * The dashboards' demo figures (issue 17 item 9) of `npm start`: records of issued certificates
 * ending within the next 30/60/90 days and suspensions nearing their six months. They are records
 * only (no certificate bytes: `pem` is null) and their subjects say "演示". Seeded once.
 */
export async function seedDemoCertificateFigures(em: EntityManager, now = new Date()): Promise<boolean> {
  const fork = em.fork();
  if (await fork.count(Certificate, { serialNumber: demoSerial(0) })) return false;
  const record = (n: number, kind: CertificateKind, endsInDays: number, heldSince?: Date) =>
    fork.create(Certificate, {
      serialNumber: demoSerial(n),
      subject: `CN=演示证书 ${n + 1},O=演示单位`,
      kind,
      usage: 'signing',
      notBefore: new Date(now.getTime() - (365 - endsInDays) * day),
      notAfter: new Date(now.getTime() + endsInDays * day),
      issuedAt: new Date(now.getTime() - (365 - endsInDays) * day),
      revokedAt: heldSince,
      revocationReason: heldSince ? 'certificateHold' : undefined,
    });
  for (const [n, [endsInDays, kind]] of demoEndings.entries()) record(n, kind, endsInDays);
  for (const [i, limitInDays] of demoHoldLimits.entries()) {
    const heldSince = new Date(now.getTime() + limitInDays * day);
    heldSince.setUTCMonth(heldSince.getUTCMonth() - maximumHoldMonths);
    record(demoEndings.length + i, 'personal', 250, heldSince);
  }
  await fork.flush();
  return true;
}
