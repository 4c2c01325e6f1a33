import type { CertificateIssuer, IssueRequest } from '../authority/certificate-issuer';
import type { Certificate } from '../certificates/certificate.entity';
import { CertificateError } from '../errors';
import type { RevocationService } from './revocation-service';

/**
 * RA-7: the replacement is made first and only then the lost one is voided with keyCompromise,
 * so a failed issuance never leaves the subscriber without any certificate.
 */
export class LostKeyReissue {
  constructor(
    private readonly issuer: CertificateIssuer,
    private readonly revocation: RevocationService,
  ) {}

  async reissue(
    lostCertificateId: string,
    replacement: IssueRequest,
    actor: string,
  ): Promise<{ issued: Certificate; revoked: Certificate }> {
    if ((await this.revocation.status(lostCertificateId)) === 'revoked') {
      throw new CertificateError('CERTIFICATE_ALREADY_REVOKED', { certificateId: lostCertificateId });
    }
    const issued = await this.issuer.issue(replacement);
    const revoked = await this.revocation.revoke(lostCertificateId, 'keyCompromise', actor);
    return { issued, revoked };
  }
}
