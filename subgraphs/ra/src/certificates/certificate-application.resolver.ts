import type { GraphContext } from '@tessera/kit';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { CertificateApplication } from '../applications/certificate-application.entity';
import { CertificateApplicationType } from '../applications/certificate-application.type';
import { applicationView } from '../applications/certificate-application.view';
import { CertificateType } from './certificate.type';

@Resolver(() => CertificateType)
export class CertificateApplicationFieldResolver {
  @FieldResolver(() => CertificateApplicationType, {
    nullable: true,
    description: 'The application that produced this certificate.',
  })
  async application(
    @Root() certificate: CertificateType,
    @Ctx() ctx: GraphContext,
  ): Promise<CertificateApplicationType | null> {
    const [first] = await ctx.loaders
      .groupedBy(CertificateApplication, 'certificateId', { createdAt: 'asc' })
      .load(certificate.id);
    return first ? applicationView(first) : null;
  }
}
