import { certificateState } from '../revocation/certificate-state';
import {
  type CertificateKindValue,
  type CertificateStateValue,
  CertificateType,
  type CertificateUsageValue,
} from './certificate.type';
import type { CertificateRow } from './certificate-rows';

/** The GraphQL view of a certificate, from its entity or a plain row of the same fields. */
export function certificateView(certificate: CertificateRow): CertificateType {
  return Object.assign(new CertificateType(), {
    id: certificate.id,
    serialNumber: certificate.serialNumber,
    subject: certificate.subject,
    kind: certificate.kind as CertificateKindValue,
    usage: certificate.usage as CertificateUsageValue,
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
    holderUserId: certificate.holderUserId,
    authorityId: certificate.authorityId,
    state: certificateState(certificate, new Date()) as CertificateStateValue,
    // A hold sets revokedAt to when it began (RFC 5280 certificateHold); a release clears both.
    suspendedAt: certificate.revocationReason === 'certificateHold' ? certificate.revokedAt : null,
  });
}
