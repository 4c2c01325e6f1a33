import { DomainError, type GraphContext, UUID } from '@tessera/kit';
import { IsOptional, IsUUID, MaxLength } from 'class-validator';
import { Arg, Ctx, Field, InputType, Int, Mutation, Query, Resolver } from 'type-graphql';
import { actorOf } from '../workflow/actor';
import { Subscriber } from './subscriber.entity';
import { SubscriberType } from './subscriber.type';
import { subscriberView } from './subscriber.view';
import { Subscribers } from './subscribers';

@InputType({ description: 'A subscriber record (RA-15).' })
class RegisterSubscriberInput {
  @Field(() => String, { description: '`unit` or `person`.' })
  kind!: 'unit' | 'person';

  @Field(() => String)
  @MaxLength(32)
  socialInsuranceNumber!: string;

  @Field(() => String)
  @MaxLength(200)
  name!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(18)
  creditCode?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(10)
  organizationCode?: string | null;

  @Field(() => String)
  @MaxLength(100)
  contactName!: string;

  @Field(() => String)
  @MaxLength(20)
  contactPhone!: string;

  @Field(() => String)
  @MaxLength(100)
  region!: string;

  @Field(() => String)
  @MaxLength(200)
  agency!: string;

  @Field(() => UUID, {
    nullable: true,
    description: "A person's identity User (a citizen registering gets their own).",
  })
  @IsOptional()
  @IsUUID()
  userId?: string | null;
}

const subscribers = new Subscribers();

@Resolver(() => SubscriberType)
export class SubscriberResolver {
  @Query(() => SubscriberType, { nullable: true })
  async subscriber(@Arg('id', () => UUID) id: string, @Ctx() ctx: GraphContext): Promise<SubscriberType | null> {
    const found = await ctx.loaders.byId(Subscriber).load(id);
    return found && subscriberView(found);
  }

  @Query(() => [SubscriberType], { description: 'Search by social-insurance number, credit code or name (staff).' })
  async subscribers(
    @Arg('search') search: string,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Ctx() ctx: GraphContext,
  ): Promise<SubscriberType[]> {
    return (await subscribers.search(ctx.em, search, first)).map(subscriberView);
  }

  @Query(() => [SubscriberType], { description: "The signed-in person's own subscriber records." })
  async mySubscribers(@Ctx() ctx: GraphContext): Promise<SubscriberType[]> {
    const actor = actorOf(ctx.viewer);
    if (!actor) return [];
    return (await ctx.em.find(Subscriber, { userId: actor.id })).map(subscriberView);
  }

  @Mutation(() => SubscriberType, {
    description: 'Register a unit (entry clerk) or a person (entry clerk, or the person).',
  })
  async registerSubscriber(@Arg('input') input: RegisterSubscriberInput, @Ctx() ctx: GraphContext) {
    const actor = actorOf(ctx.viewer);
    if (!actor) throw new DomainError('UNAUTHENTICATED');
    if (input.kind !== 'unit' && input.kind !== 'person') throw new DomainError('BAD_USER_INPUT', { detail: 'kind' });
    const own = actor.kind === 'citizen';
    if (own && input.kind !== 'person') throw new DomainError('FORBIDDEN');
    if (own && !actor.realNameVerified) throw new DomainError('REAL_NAME_REQUIRED');
    const created = await subscribers.register(ctx.em, { ...input, userId: own ? actor.id : input.userId });
    return subscriberView(created);
  }
}
