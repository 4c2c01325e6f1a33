import type { GraphContext } from '@tessera/kit';
import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { customerServiceRuntime } from '../customer-service/customer-service-runtime';
import { RaDashboardType } from './dashboard.type';
import { DashboardStatistics } from './dashboard-statistics';

const clamp = (value: number, most: number) => Math.min(Math.max(value, 1), most);

@Resolver()
export class DashboardResolver {
  @Query(() => RaDashboardType, {
    nullable: true,
    description: 'Applications, step times, the Friday consultation summary and satisfaction, for the dashboards.',
  })
  async raDashboard(
    @Ctx() ctx: GraphContext,
    @Arg('months', () => Int, { defaultValue: 12, description: 'Months back, this one included (1 to 36).' })
    months: number,
    @Arg('weeks', () => Int, { defaultValue: 12, description: 'Friday weeks back, this one included (1 to 104).' })
    weeks: number,
  ): Promise<RaDashboardType> {
    const statistics = new DashboardStatistics(ctx.em, customerServiceRuntime.clock.now());
    return {
      applicationsPerMonth: await statistics.applicationsPerMonth(clamp(months, 36)),
      stepDurations: await statistics.stepDurations(clamp(months, 36)),
      consultationsPerWeek: await statistics.consultationsPerWeek(clamp(weeks, 104)),
      satisfactionPerMonth: await statistics.satisfactionPerMonth(clamp(months, 36)),
    };
  }
}
