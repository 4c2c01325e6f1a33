import { type Certificate, type CertificateServices, seedDemoCertificates } from '@tessera/certificate';
import { demoCitizen, User } from '@tessera/identity';
import type { Platform } from './platform';

/**
 * The demo citizen's certificates (issue 17 item 10), seeded with the demo data: what the admin
 * client's saved ad-hoc queries find. None when the demo accounts are not there.
 */
export async function seedPlatformDemoCertificates(platform: Platform): Promise<Certificate[]> {
  const citizen = await platform.identity.orm.em.fork().findOne(User, { username: demoCitizen.username });
  if (!citizen) return [];
  const { pki } = platform.certificate.services as CertificateServices;
  return seedDemoCertificates(platform.certificate.orm.em, pki, { userId: citizen.id, name: demoCitizen.displayName });
}
