import { PemConverter } from '@peculiar/x509';
import { CertificateHierarchyValue, type GraphContext, UUID } from '@tessera/kit';
import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { servicesOf } from '../certificate-services';
import { Certificate } from './certificate.entity';
import { CertificateType } from './certificate.type';
import { certificateView } from './certificate.view';
import { certificateRows } from './certificate-rows';

@Resolver(() => CertificateType)
export class CertificateResolver {
  @Query(() => CertificateType, { nullable: true, description: 'A certificate by id (staff).' })
  async certificate(@Arg('id', () => UUID) id: string, @Ctx() ctx: GraphContext): Promise<CertificateType | null> {
    const certificate = await certificateRows(ctx).load(id);
    return certificate && certificateView(certificate);
  }

  @FieldResolver(() => String, { nullable: true, description: 'The issued certificate, PEM (its holder and staff).' })
  async pem(@Root() certificate: CertificateType, @Ctx() ctx: GraphContext): Promise<string | null> {
    const row = await ctx.em.findOne(Certificate, { id: certificate.id }, { populate: ['der'] });
    return row?.der ? PemConverter.encode(new Uint8Array(row.der).buffer, 'CERTIFICATE') : null;
  }

  @FieldResolver(() => CertificateHierarchyValue, {
    nullable: true,
    description: 'The CA hierarchy that issued it: 国密 SM2 or 国际 RSA/ECC (issue 14); null until issued.',
  })
  async hierarchy(@Root() certificate: CertificateType, @Ctx() ctx: GraphContext): Promise<string | null> {
    // The CAs are loaded once per process: no query per certificate of a page.
    return (await servicesOf(ctx).pki.hierarchy.hierarchyOf(certificate.authorityId))?.name ?? null;
  }
}
