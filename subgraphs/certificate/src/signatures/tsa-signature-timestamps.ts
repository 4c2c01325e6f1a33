import { verifyTimeStampToken } from '@tessera/kit';
import type { TimeStampAuthority } from '../timestamping/time-stamp-authority';
import type { SignatureTimestampVerifier } from './signature-timestamp-verifier';

/**
 * Signature time-stamps Tessera trusts: tokens of its own TSA (`timestamping/`), whose certificate chains to an
 * issuing CA of the TSA's hierarchy (any generation), over the signature value (RFC 3161 appendix A). The kit's
 * `verifyTimeStampToken` checks imprint, CMS signature, ESSCertIDv2 binding and the TSA certificate's EKU.
 */
export function tsaSignatureTimestamps(tsa: TimeStampAuthority): SignatureTimestampVerifier {
  return {
    async verify(token, signatureValue) {
      return verifyTimeStampToken(token, { data: signatureValue, trustAnchors: await tsa.issuers() }).genTime;
    },
  };
}
