import { DomainError, type GraphContext, UUID } from '@tessera/kit';
import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CertificateApplication } from '../applications/certificate-application.entity';
import { CertificateApplicationType } from '../applications/certificate-application.type';
import { applicationView } from '../applications/certificate-application.view';
import { actorOf } from '../workflow/actor';
import { CaCallType } from './ca-call.type';
import { caCallView } from './ca-call.view';
import { CaCalls, defaultAttentionAttempts } from './ca-calls';
import { OutboxMessage } from './outbox-message.entity';

const calls = new CaCalls();

function actor(ctx: GraphContext) {
  const found = actorOf(ctx.viewer);
  if (!found) throw new DomainError('UNAUTHENTICATED');
  return found;
}

/** RA item 12: the calls to the certificate authority that are not getting through, and what operators do. */
@Resolver(() => CaCallType)
export class CaCallsResolver {
  @Query(() => [CaCallType], {
    description:
      'Calls to the certificate authority that failed, or are still pending after `minAttempts` failures (administrators, auditors).',
  })
  async undeliveredCertificateAuthorityCalls(
    @Arg('minAttempts', () => Int, { defaultValue: defaultAttentionAttempts }) minAttempts: number,
    @Arg('first', () => Int, { defaultValue: 100 }) first: number,
    @Ctx() ctx: GraphContext,
  ): Promise<CaCallType[]> {
    return (await calls.undelivered(ctx.em, minAttempts, first)).map(caCallView);
  }

  @Mutation(() => CaCallType, { description: 'Send a failed or pending call again now (administrators).' })
  async retryCertificateAuthorityCall(@Arg('id', () => UUID) id: string, @Ctx() ctx: GraphContext) {
    return caCallView(await calls.retry(ctx.em, id, actor(ctx)));
  }

  @Mutation(() => CaCallType, {
    description: 'Close a call without delivering it, with the reason (administrators; in the operation log).',
  })
  async settleCertificateAuthorityCall(
    @Arg('id', () => UUID) id: string,
    @Arg('reason', () => String) reason: string,
    @Ctx() ctx: GraphContext,
  ) {
    return caCallView(await calls.settle(ctx.em, id, reason, actor(ctx)));
  }

  @FieldResolver(() => CertificateApplicationType, { nullable: true })
  async application(@Root() call: CaCallType, @Ctx() ctx: GraphContext): Promise<CertificateApplicationType | null> {
    const application = await ctx.loaders.byId(CertificateApplication).load(call.applicationId);
    return application && applicationView(application);
  }
}

/** What a clerk sees on an application that is stuck: its latest call to the certificate authority. */
@Resolver(() => CertificateApplicationType)
export class ApplicationCaCallResolver {
  @FieldResolver(() => CaCallType, {
    nullable: true,
    description: 'The latest call the RA owes the certificate authority for this application (staff).',
  })
  async certificateAuthorityCall(
    @Root() application: CertificateApplicationType,
    @Ctx() ctx: GraphContext,
  ): Promise<CaCallType | null> {
    const owed = await ctx.loaders
      .groupedBy(OutboxMessage, 'applicationId', { createdAt: 'desc' })
      .load(application.id);
    const latest = owed.find((call) => call.state === 'failed' || call.state === 'pending') ?? owed[0];
    return latest ? caCallView(latest) : null;
  }
}
