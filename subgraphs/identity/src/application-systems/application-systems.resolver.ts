import { type GraphContext, isAuthenticated, UUID } from '@tessera/kit';
import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { identityError } from '../errors';
import { servicesOf } from '../identity-services';
import { IdTypeValue } from '../registration/registration.type';
import { AdminActionRecordType } from '../user-management/user-management.type';
import type { ApplicationSystem } from './application-system.entity';
import {
  ApplicationSystemCredentialsType,
  ApplicationSystemInput,
  ApplicationSystemStatusValue,
  ApplicationSystemType,
  ApplicationSystemUpdateInput,
  type ClientAuthMethodValue,
  IdentityLookupType,
  VerifiedIdentityType,
} from './application-system.type';
import type { SystemChanges, SystemCredentials, SystemRegistration } from './application-systems';
import { settingsOf } from './client-settings';

function systemView(system: ApplicationSystem): ApplicationSystemType {
  const { code, name, owner, scopes, secretIssuedAt } = system;
  const settings = settingsOf(system);
  return Object.assign(new ApplicationSystemType(), {
    code,
    name,
    owner,
    scopes,
    secretIssuedAt,
    status: system.status as ApplicationSystemStatusValue,
    ...settings,
    tokenEndpointAuthMethod: settings.tokenEndpointAuthMethod as ClientAuthMethodValue,
    jwks: settings.jwks && JSON.stringify(settings.jwks, null, 2),
  });
}

function registrationOf(input: ApplicationSystemInput): SystemRegistration {
  const { code, name, owner, scopes, ...settings } = input;
  return { code, name, owner, scopes, settings: settings as SystemRegistration['settings'] };
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
    return credentialsView(await servicesOf(ctx).applicationSystems.register(actorOf(ctx), registrationOf(input)));
  }

  @Mutation(() => ApplicationSystemType, {
    description: 'ID-17: changes a system’s name, owner, scopes and sign-in settings; audited with what changed.',
  })
  async updateApplicationSystem(
    @Arg('code', () => String) code: string,
    @Arg('input', () => ApplicationSystemUpdateInput) input: ApplicationSystemUpdateInput,
    @Ctx() ctx: GraphContext,
  ): Promise<ApplicationSystemType> {
    const changes = { ...input } as SystemChanges;
    return systemView(await servicesOf(ctx).applicationSystems.update(actorOf(ctx), code, changes));
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

  @Query(() => [AdminActionRecordType], {
    description: 'ID-17: what administrators did to a system (registration, changes, secrets, status), newest first.',
  })
  async applicationSystemActions(
    @Arg('code', () => String) code: string,
    @Ctx() ctx: GraphContext,
  ): Promise<AdminActionRecordType[]> {
    const actions = await servicesOf(ctx).applicationSystems.actions(code);
    return actions.map(({ id, actorId, action, detail, at }) =>
      Object.assign(new AdminActionRecordType(), { id, actorId, action, detail, at }),
    );
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
