import type { GraphContext } from '@tessera/kit';
import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { Certificate } from './certificate.entity';
import { CertificateType } from './certificate.type';
import { certificateView } from './certificate.view';

@Resolver(() => CertificateType)
export class CertificateResolver {
  @Query(() => CertificateType, { nullable: true, description: 'A certificate by id (staff).' })
  async certificate(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphContext): Promise<CertificateType | null> {
    const certificate = await ctx.loaders.byId(Certificate).load(id);
    return certificate && certificateView(certificate);
  }
}
