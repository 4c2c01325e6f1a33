import type { GraphContext } from '@tessera/kit';
import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { CertificateApplication } from './certificate-application.entity';
import { CertificateApplicationType } from './certificate-application.type';
import { applicationView } from './certificate-application.view';

@Resolver(() => CertificateApplicationType)
export class CertificateApplicationResolver {
  @Query(() => CertificateApplicationType, { nullable: true, description: 'An application by id.' })
  async application(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GraphContext,
  ): Promise<CertificateApplicationType | null> {
    const application = await ctx.loaders.byId(CertificateApplication).load(id);
    return application && applicationView(application);
  }
}
