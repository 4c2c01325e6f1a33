import { DomainError, type GraphContext, UUID } from '@tessera/kit';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ArchiveSeriesValue } from '../archives/archive.type';
import { ArchiveBox } from '../archives/archive-box.entity';
import { ArchivedFile } from '../archives/archived-file.entity';
import { boxLabel } from '../archives/archives';
import { ChecklistItemType } from '../documents/checklist-item.type';
import { checklistItemView } from '../documents/checklist-item.view';
import { Documents } from '../documents/documents';
import { Fees } from '../fees/fees';
import { OperationLogEntry } from '../records/operation-log-entry.entity';
import { Subscriber } from '../subscribers/subscriber.entity';
import { SubscriberType } from '../subscribers/subscriber.type';
import { subscriberView } from '../subscribers/subscriber.view';
import { actorOf } from '../workflow/actor';
import { automaticReleaseDate } from '../workflow/suspension';
import type { ApplicationState } from '../workflow/workflow';
import { ApplicationStepInput, SubmitApplicationInput } from './application.inputs';
import { applicationRows } from './application-rows';
import { Applications } from './applications';
import { CertificateApplication } from './certificate-application.entity';
import {
  ApplicationFeeType,
  ApplicationStateValue,
  ArchiveLocationType,
  BusinessTypeValue,
  CertificateApplicationType,
} from './certificate-application.type';
import { applicationView } from './certificate-application.view';
import { ApplicationIssuanceType, issuanceView } from './issuance.type';
import { renewalPolicy } from './target-certificate';

@ArgsType()
class ApplicationQueueArgs {
  @Field(() => ApplicationStateValue, { nullable: true })
  state?: ApplicationStateValue;

  @Field(() => BusinessTypeValue, { nullable: true })
  businessType?: BusinessTypeValue;

  @Field(() => Int, { defaultValue: 50 })
  first!: number;
}

const applications = new Applications();
const documents = new Documents();
const fees = new Fees();

function actor(ctx: GraphContext) {
  const found = actorOf(ctx.viewer);
  if (!found) throw new DomainError('UNAUTHENTICATED');
  return found;
}

async function load(ctx: GraphContext, id: string): Promise<CertificateApplication> {
  const application = await ctx.loaders.byId(CertificateApplication).load(id);
  if (!application) throw new DomainError('APPLICATION_NOT_FOUND');
  return application;
}

@Resolver(() => CertificateApplicationType)
export class CertificateApplicationResolver {
  @Query(() => CertificateApplicationType, { nullable: true, description: 'An application by id.' })
  async application(
    @Arg('id', () => UUID) id: string,
    @Ctx() ctx: GraphContext,
  ): Promise<CertificateApplicationType | null> {
    const application = await applicationRows(ctx).load(id);
    return application && applicationView(application);
  }

  @Query(() => [CertificateApplicationType], {
    description: 'A work queue: applications by state and business type (staff).',
  })
  async applications(@Args() { state, businessType, first }: ApplicationQueueArgs, @Ctx() ctx: GraphContext) {
    const rows = await ctx.em.find(
      CertificateApplication,
      { ...(state ? { state: state as ApplicationState } : {}), ...(businessType ? { businessType } : {}) },
      { orderBy: { createdAt: 'asc' }, limit: Math.min(Math.max(first, 1), 200) },
    );
    return rows.map(applicationView);
  }

  @Query(() => ApplicationIssuanceType, {
    nullable: true,
    description:
      'RA item 14: the certificate (and a dual certificate’s key envelope) the application’s codes issued, asked of the CA again; null until the codes are redeemed, refused once the certificate is delivered (issuing clerk).',
  })
  async applicationIssuance(
    @Arg('applicationId', () => UUID) applicationId: string,
    @Ctx() ctx: GraphContext,
  ): Promise<ApplicationIssuanceType | null> {
    const issued = await applications.issuance(await load(ctx, applicationId));
    return issued && issuanceView(issued);
  }

  @Query(() => Int, { description: 'RA-2: how many days before its expiry a certificate may be renewed.' })
  renewalWindowDays(): number {
    return renewalPolicy.windowDays;
  }

  @Mutation(() => CertificateApplicationType, { description: 'Submit an application (RA-1..RA-8).' })
  async submitApplication(@Arg('input') input: SubmitApplicationInput, @Ctx() ctx: GraphContext) {
    const application = await applications.submit(ctx.em, input, actor(ctx));
    return applicationView(application);
  }

  @Mutation(() => CertificateApplicationType, { description: 'Take one workflow step (see `applicationWorkflow`).' })
  async stepApplication(@Arg('input') input: ApplicationStepInput, @Ctx() ctx: GraphContext) {
    const application = await applications.step(ctx.em, input.applicationId, input.event, actor(ctx), input);
    return applicationView(application);
  }

  /**
   * RA-11: the secret code belongs to the issuing clerk alone. Anyone else who may read the
   * application gets null, not a FORBIDDEN error (RA item 16): a clerk's step that committed must
   * not come back as an error because a shared selection named this field.
   */
  @FieldResolver(() => String, { nullable: true })
  async authorizationCode(@Root() root: CertificateApplicationType, @Ctx() ctx: GraphContext): Promise<string | null> {
    const viewer = actorOf(ctx.viewer);
    if (viewer?.kind !== 'staff' || !viewer.roles.has('ISSUING_CLERK')) return null;
    const application = await ctx.em.findOne(
      CertificateApplication,
      { id: root.id },
      { fields: ['id', 'authorizationCode'] },
    );
    return application?.authorizationCode ?? null;
  }

  @FieldResolver(() => SubscriberType, { nullable: true })
  async subscriber(@Root() root: CertificateApplicationType, @Ctx() ctx: GraphContext): Promise<SubscriberType | null> {
    if (!root.subscriberId) return null;
    const subscriber = await ctx.loaders.byId(Subscriber).load(root.subscriberId);
    return subscriber && subscriberView(subscriber);
  }

  @FieldResolver(() => [ChecklistItemType], { nullable: true })
  async documents(@Root() root: CertificateApplicationType, @Ctx() ctx: GraphContext): Promise<ChecklistItemType[]> {
    const items = await documents.checklist(ctx.em, await load(ctx, root.id));
    return items.map((item) => checklistItemView(item.documentType, item.received));
  }

  @FieldResolver(() => ApplicationFeeType, { nullable: true })
  async fee(@Root() root: CertificateApplicationType, @Ctx() ctx: GraphContext): Promise<ApplicationFeeType> {
    const application = await load(ctx, root.id);
    return Object.assign(new ApplicationFeeType(), {
      dueFen: await fees.due(ctx.em, application),
      paidFen: await fees.paid(ctx.em, application),
    });
  }

  @FieldResolver(() => Date, { nullable: true })
  async suspensionReleaseDate(
    @Root() root: CertificateApplicationType,
    @Ctx() ctx: GraphContext,
  ): Promise<Date | null> {
    if (root.businessType !== BusinessTypeValue.SUSPENSION) return null;
    const entries = await ctx.loaders.groupedBy(OperationLogEntry, 'applicationId').load(root.id);
    const executed = entries.find((entry) => entry.operation === 'execute');
    return executed ? automaticReleaseDate(executed.at) : null;
  }

  @FieldResolver(() => CertificateApplicationType, { nullable: true })
  async reviewOf(
    @Root() root: CertificateApplicationType,
    @Ctx() ctx: GraphContext,
  ): Promise<CertificateApplicationType | null> {
    if (!root.reviewOfId) return null;
    const suspension = await ctx.loaders.byId(CertificateApplication).load(root.reviewOfId);
    return suspension && applicationView(suspension);
  }

  @FieldResolver(() => ArchiveLocationType, { nullable: true })
  async archiveLocation(@Root() root: CertificateApplicationType, @Ctx() ctx: GraphContext) {
    const [file] = await ctx.loaders.groupedBy(ArchivedFile, 'application').load(root.id);
    if (!file) return null;
    const box = await ctx.loaders.byId(ArchiveBox).load(file.box.id);
    if (!box) return null;
    return Object.assign(new ArchiveLocationType(), {
      label: boxLabel(box),
      series: box.series as ArchiveSeriesValue,
      box: box.number,
      cabinet: box.cabinet,
    });
  }
}
