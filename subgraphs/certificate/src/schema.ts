import { type BuiltSubgraph, buildSubgraph } from '@tessera/kit';
import { Certificate } from './certificates/certificate.entity';
import { CertificateResolver } from './certificates/certificate.resolver';
import { certificateView } from './certificates/certificate.view';
import { certificatePermissions } from './permissions';
import { UserType } from './users/user.type';
import { UserCertificatesResolver } from './users/user-certificates.resolver';

let built: Promise<BuiltSubgraph> | undefined;

/** The certificate subgraph's federation schema. */
export function certificateSchema(): Promise<BuiltSubgraph> {
  built ??= buildSubgraph({
    resolvers: [CertificateResolver, UserCertificatesResolver],
    orphanedTypes: [UserType],
    references: {
      Certificate: async (ref, ctx) => {
        const certificate = await ctx.loaders.byId(Certificate).load(String(ref.id));
        return certificate && certificateView(certificate);
      },
      User: (ref) => Object.assign(new UserType(), { id: String(ref.id) }),
    },
    rules: certificatePermissions,
    entityKeys: { Certificate: ['id'], User: ['id'] },
  });
  return built;
}
