import { randomBytes } from 'node:crypto';
import { Certificate } from '@tessera/certificate';
import type { Platform } from '@tessera/gateway';
import { User } from '@tessera/identity';
import { CertificateApplication } from '@tessera/ra';

/** Rows written straight into each subgraph's own tables, for tests that read through the graph. */
export async function seedCitizenWithCertificate(platform: Platform, username: string, { issued = false } = {}) {
  const identityEm = platform.identity.orm.em.fork();
  const user = identityEm.create(User, { username, kind: 'citizen', displayName: username });
  await identityEm.flush();

  const certificateEm = platform.certificate.orm.em.fork();
  const certificate = certificateEm.create(Certificate, {
    serialNumber: randomBytes(16).toString('hex'),
    subject: `CN=${username},O=Tessera Test`,
    kind: 'personal',
    usage: 'signing',
    holderUserId: user.id,
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2028-01-01T00:00:00Z'),
    // Issued (in use, CT-2) when the test acts on it; otherwise a new application.
    issuedAt: issued ? new Date('2026-01-01T00:00:00Z') : undefined,
  });
  await certificateEm.flush();

  const raEm = platform.ra.orm.em.fork();
  const application = raEm.create(CertificateApplication, {
    businessType: 'new',
    state: 'completed',
    applicantUserId: user.id,
    certificateId: certificate.id,
  });
  await raEm.flush();
  return { user, certificate, application };
}
