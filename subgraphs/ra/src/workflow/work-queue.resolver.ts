import { DomainError, type GraphContext, UUID } from '@tessera/kit';
import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { CertificateApplicationType } from '../applications/certificate-application.type';
import { applicationView } from '../applications/certificate-application.view';
import { actorOf } from './actor';
import { nextInQueue } from './work-queue';

@Resolver(() => CertificateApplicationType)
export class WorkQueueResolver {
  @Query(() => CertificateApplicationType, {
    nullable: true,
    description:
      'Issue 17 item 7, "next in my queue": the application waiting longest for a step the caller’s roles may take (not one they entered, for review), other than `after`; null when there is none (staff).',
  })
  async nextApplication(
    @Arg('after', () => UUID, { nullable: true }) after: string | null,
    @Ctx() ctx: GraphContext,
  ): Promise<CertificateApplicationType | null> {
    const actor = actorOf(ctx.viewer);
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    const next = await nextInQueue(ctx.em, actor, after);
    return next && applicationView(next);
  }
}
