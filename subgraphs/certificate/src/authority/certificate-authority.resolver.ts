import type { GraphContext } from '@tessera/kit';
import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { servicesOf } from '../certificate-services';
import type { LoadedAuthority } from './ca-hierarchy';
import { CertificateAuthorityType } from './certificate-authority.type';

function authorityView(ctx: GraphContext, { entity, certificate }: LoadedAuthority): CertificateAuthorityType {
  const { urls } = servicesOf(ctx).pki;
  return Object.assign(new CertificateAuthorityType(), {
    id: entity.id,
    name: entity.name,
    hierarchy: entity.hierarchy,
    role: entity.role,
    generation: entity.generation,
    subject: certificate.subject,
    algorithm: entity.algorithm,
    notAfter: entity.notAfter,
    active: entity.role === 'issuing' && !entity.retiredAt,
    retiredAt: entity.retiredAt ?? null,
    createdBy: entity.createdBy ?? null,
    createdAt: entity.createdAt,
    certificateUrl: urls.certificate(entity.name),
    crlUrl: urls.crl(entity.name),
  });
}

/** The CA hierarchies and the issuing-CA rollover (issue 13 item 6); who may call what is in `certificate-authority.permissions.ts`. */
@Resolver()
export class CertificateAuthorityResolver {
  @Query(() => [CertificateAuthorityType], { description: 'Every CA of every hierarchy, oldest first.' })
  async certificateAuthorities(@Ctx() ctx: GraphContext): Promise<CertificateAuthorityType[]> {
    return (await servicesOf(ctx).pki.hierarchy.authorities()).map((authority) => authorityView(ctx, authority));
  }

  @Mutation(() => CertificateAuthorityType, {
    description:
      'Rolls the issuing CA of a hierarchy (the default one when none is named) over to a new key and certificate under the same root: the new CA signs from now on, the retired one keeps publishing its CRL and answering OCSP until its last certificate expires. CA_ROOT_KEY_OFFLINE when the root key is not online.',
  })
  async rolloverIssuingCa(
    @Arg('hierarchy', () => String, { nullable: true }) hierarchy: string | undefined,
    @Ctx() ctx: GraphContext,
  ): Promise<CertificateAuthorityType> {
    const actor = ctx.viewer.kind === 'anonymous' ? 'anonymous' : ctx.viewer.subject;
    const active = await servicesOf(ctx).pki.rollover(hierarchy ?? undefined, actor);
    ctx.log.info(
      { audit: 'ca-rollover', actor, hierarchy: active.entity.hierarchy, authority: active.entity.name },
      'issuing CA rolled over',
    );
    return authorityView(ctx, active);
  }
}
