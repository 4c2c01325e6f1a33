import { generateKeyPairSync } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Certificate } from '../certificates/certificate.entity';
import type { Pki } from '../pki';

/** The organization in the demo certificates' subjects, which the ad-hoc query page's subject query finds. */
export const demoCertificateOrganization = 'Tessera 演示';

/**
 * The demo's certificates (`npm start`, issue 17 item 10): the demo citizen's signing and encryption
 * certificates, issued by the demo CA, the signing one suspended, so that each saved query of the
 * admin client's ad-hoc query page (by subject, by expiry window, suspensions) finds something.
 * Idempotent: a holder who already has certificates gets none. The keys are thrown away (the demo
 * certificates sign nothing); the suspension is recorded as done by `demo`.
 */
export async function seedDemoCertificates(
  em: EntityManager,
  pki: Pki,
  holder: { userId: string; name: string },
): Promise<Certificate[]> {
  if ((await em.fork().count(Certificate, { holderUserId: holder.userId })) > 0) return [];
  const subject = `CN=${holder.name},O=${demoCertificateOrganization},C=CN`;
  const issued: Certificate[] = [];
  for (const usage of ['signing', 'encryption'] as const) {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const generatedPublicKey = publicKey.export({ type: 'spki', format: 'der' });
    issued.push(
      await pki.issuer.issue({ kind: 'personal', usage, subject, holderUserId: holder.userId, generatedPublicKey }),
    );
  }
  const [signing] = issued;
  if (signing) await pki.revocation.suspend(signing.id, 'demo');
  return issued;
}
