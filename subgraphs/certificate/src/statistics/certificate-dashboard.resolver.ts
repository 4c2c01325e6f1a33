import type { GraphContext } from '@tessera/kit';
import { Ctx, Query, Resolver } from 'type-graphql';
import { CertificateDashboardType } from './certificate-dashboard.type';
import { CertificateStatistics } from './certificate-statistics';

@Resolver()
export class CertificateDashboardResolver {
  @Query(() => CertificateDashboardType, {
    nullable: true,
    description: 'Certificates expiring and suspensions nearing their limit, for the dashboards.',
  })
  async certificateDashboard(@Ctx() ctx: GraphContext): Promise<CertificateDashboardType> {
    const statistics = new CertificateStatistics(ctx.em, new Date());
    return {
      expiring: await statistics.expiring(),
      suspensionsNearingLimit: await statistics.suspensionsNearingLimit(),
    };
  }
}
