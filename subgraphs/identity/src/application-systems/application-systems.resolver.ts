import { type GraphContext, isAuthenticated, UUID } from '@tessera/kit';
import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { identityError } from '../errors';
import { servicesOf } from '../identity-services';
import { IdTypeValue } from '../registration/registration.type';
import type { ApplicationSystem } from './application-system.entity';
import {
  ApplicationSystemCredentialsType,
  ApplicationSystemInput,
  ApplicationSystemStatusValue,
  ApplicationSystemType,
  IdentityLookupType,
  VerifiedIdentityType,
} from './application-system.type';
import type { SystemCredentials } from './application-systems';

function systemView(system: ApplicationSystem): ApplicationSystemType {
  const { code, name, owner, scopes, secretIssuedAt } = system;
  return Object.assign(new ApplicationSystemType(), {
    code,
    name,
    owner,
    scopes,
    secretIssuedAt,
    status: system.status as ApplicationSystemStatusValue,
  });
}

function credentialsView(credentials: SystemCredentials): ApplicationSystemCredentialsType {
  return Object.assign(new ApplicationSystemCredentialsType(), {
    system: systemView(credentials.system),
    clientSecret: credentials.clientSecret,
  });
}

function actorOf(ctx: GraphContext): string {
  if (!isAuthenticated(ctx.viewer)) throw identityError('SESSION_INVALID');
  return ctx.viewer.subject;
}

@Resolver(() => ApplicationSystemType)
export class ApplicationSystemsResolver {
  @Query(() => [ApplicationSystemType], { description: 'ID-17: the registered business systems.' })
  async applicationSystems(@Ctx() ctx: GraphContext): Promise<ApplicationSystemType[]> {
    return (await servicesOf(ctx).applicationSystems.list()).map(systemView);
  }

  @Mutation(() => ApplicationSystemCredentialsType, { description: 'ID-17: registers a system and issues its secret.' })
  async registerApplicationSystem(
    @Arg('input', () => ApplicationSystemInput) input: ApplicationSystemInput,
    @Ctx() ctx: GraphContext,
  ): Promise<ApplicationSystemCredentialsType> {
    return credentialsView(await servicesOf(ctx).applicationSystems.register(actorOf(ctx), input));
  }

  @Mutation(() => ApplicationSystemCredentialsType, { description: 'ID-17: a new secret; the old one stops at once.' })
  async rotateApplicationSecret(
    @Arg('code', () => String) code: string,
    @Ctx() ctx: GraphContext,
  ): Promise<ApplicationSystemCredentialsType> {
    return credentialsView(await servicesOf(ctx).applicationSystems.rotateSecret(actorOf(ctx), code));
  }

  @Mutation(() => ApplicationSystemType, { description: 'ID-17: suspends, reactivates or retires (revokes) a system.' })
  async setApplicationSystemStatus(
    @Arg('code', () => String) code: string,
    @Arg('status', () => ApplicationSystemStatusValue) status: ApplicationSystemStatusValue,
    @Ctx() ctx: GraphContext,
  ): Promise<ApplicationSystemType> {
    return systemView(await servicesOf(ctx).applicationSystems.setStatus(actorOf(ctx), code, status));
  }

  @Query(() => VerifiedIdentityType, {
    nullable: true,
    description: 'ID-17: a business system resolves a person, by user id or by ID type + number.',
  })
  async verifiedIdentity(
    @Arg('userId', () => UUID, { nullable: true }) userId: string | null,
    @Arg('idType', () => IdTypeValue, { nullable: true }) idType: IdTypeValue | null,
    @Arg('idNumber', () => String, { nullable: true }) idNumber: string | null,
    @Ctx() ctx: GraphContext,
  ): Promise<VerifiedIdentityType | null> {
    if (ctx.viewer.kind !== 'system') throw identityError('SESSION_INVALID');
    const found = await servicesOf(ctx).applicationSystems.resolve(ctx.viewer.subject, {
      userId: userId ?? undefined,
      idType: idType ?? undefined,
      idNumber: idNumber ?? undefined,
    });
    return found && Object.assign(new VerifiedIdentityType(), { ...found, idType: found.idType as IdTypeValue });
  }

  @Query(() => [IdentityLookupType], { description: 'ID-17: the audit of a system’s identity lookups.' })
  async identityLookups(
    @Arg('systemCode', () => String) systemCode: string,
    @Ctx() ctx: GraphContext,
  ): Promise<IdentityLookupType[]> {
    const lookups = await servicesOf(ctx).applicationSystems.lookups(systemCode);
    return lookups.map((l) => Object.assign(new IdentityLookupType(), l));
  }
}
