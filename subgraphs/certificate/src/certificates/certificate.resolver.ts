import { PemConverter } from '@peculiar/x509';
import { type GraphContext, UUID } from '@tessera/kit';
import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Certificate } from './certificate.entity';
import { CertificateType } from './certificate.type';
import { certificateView } from './certificate.view';

@Resolver(() => CertificateType)
export class CertificateResolver {
  @Query(() => CertificateType, { nullable: true, description: 'A certificate by id (staff).' })
  async certificate(@Arg('id', () => UUID) id: string, @Ctx() ctx: GraphContext): Promise<CertificateType | null> {
    const certificate = await ctx.loaders.byId(Certificate).load(id);
    return certificate && certificateView(certificate);
  }

  @FieldResolver(() => String, { nullable: true, description: 'The issued certificate, PEM (its holder and staff).' })
  async pem(@Root() certificate: CertificateType, @Ctx() ctx: GraphContext): Promise<string | null> {
    const row = await ctx.em.findOne(Certificate, { id: certificate.id }, { populate: ['der'] });
    return row?.der ? PemConverter.encode(new Uint8Array(row.der).buffer, 'CERTIFICATE') : null;
  }
}
