import type { Certificate } from './certificate.entity';
import { type CertificateKindValue, CertificateType, type CertificateUsageValue } from './certificate.type';

export function certificateView(certificate: Certificate): CertificateType {
  return Object.assign(new CertificateType(), {
    id: certificate.id,
    serialNumber: certificate.serialNumber,
    subject: certificate.subject,
    kind: certificate.kind as CertificateKindValue,
    usage: certificate.usage as CertificateUsageValue,
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
    holderUserId: certificate.holderUserId,
  });
}
