import {
  type BuiltSubgraph,
  buildSubgraph,
  rules,
  scheduledJobsPermissions,
  scheduledJobsResolver,
} from '@tessera/kit';
import { CertificateAuthorityResolver } from './authority/certificate-authority.resolver';
import { CertificateResolver } from './certificates/certificate.resolver';
import { certificateView } from './certificates/certificate.view';
import { certificateRows } from './certificates/certificate-rows';
import { CertificateSearchResolver } from './certificates/certificate-search.resolver';
import { CertificateStatusResolver } from './certificates/certificate-status.resolver';
import { EKeyResolver } from './ekeys/ekey.resolver';
import { EnrollmentResolver } from './enrollment/enrollment.resolver';
import { KeyEscrowResolver, KeyRecoveryResolver } from './kmc/kmc.resolver';
import { certificatePermissions } from './permissions';
import { RevocationResolver } from './revocation/revocation.resolver';
import { SignInCertificateResolver } from './sign-in-certificates/sign-in-certificate.resolver';
import { maxSignedInputLength } from './signatures/signature-input';
import { SignatureVerificationResolver } from './signatures/signature-verification.resolver';
import { certificateDashboardPermissions } from './statistics/certificate-dashboard.permissions';
import { CertificateDashboardResolver } from './statistics/certificate-dashboard.resolver';
import { SupportEntryResolver } from './support/support-entry.resolver';
import { UserType } from './users/user.type';
import { UserCertificatesResolver } from './users/user-certificates.resolver';

let built: Promise<BuiltSubgraph> | undefined;

/** The certificate subgraph's federation schema. */
export function certificateSchema(): Promise<BuiltSubgraph> {
  built ??= buildSubgraph({
    resolvers: [
      CertificateAuthorityResolver,
      CertificateResolver,
      CertificateStatusResolver,
      CertificateSearchResolver,
      UserCertificatesResolver,
      EnrollmentResolver,
      RevocationResolver,
      SupportEntryResolver,
      SignInCertificateResolver,
      EKeyResolver,
      KeyEscrowResolver,
      KeyRecoveryResolver,
      SignatureVerificationResolver,
      CertificateDashboardResolver,
      scheduledJobsResolver('certificate'),
    ],
    orphanedTypes: [UserType],
    references: {
      Certificate: async (ref, ctx) => {
        const certificate = await certificateRows(ctx).load(String(ref.id));
        return certificate && certificateView(certificate);
      },
      User: (ref) => Object.assign(new UserType(), { id: String(ref.id) }),
    },
    rules: rules.mergeRules(
      certificatePermissions,
      certificateDashboardPermissions,
      scheduledJobsPermissions('certificate'),
    ),
    entityKeys: { Certificate: ['id'], User: ['id'] },
    inputLimits: {
      longTexts: {
        'VerifySignatureInput.signedData': maxSignedInputLength,
        'VerifySignatureInput.content': maxSignedInputLength,
      },
    },
  });
  return built;
}
