import type { GraphContext } from '@tessera/kit';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { CertificateApplication } from '../applications/certificate-application.entity';
import { CertificateApplicationType } from '../applications/certificate-application.type';
import { applicationView } from '../applications/certificate-application.view';
import { UserType } from './user.type';

@Resolver(() => UserType)
export class UserApplicationsResolver {
  @FieldResolver(() => [CertificateApplicationType], { nullable: true, description: 'Applications the person made.' })
  async applications(@Root() user: UserType, @Ctx() ctx: GraphContext): Promise<CertificateApplicationType[]> {
    const rows = await ctx.loaders
      .groupedBy(CertificateApplication, 'applicantUserId', { createdAt: 'desc' })
      .load(user.id);
    return rows.map(applicationView);
  }
}
