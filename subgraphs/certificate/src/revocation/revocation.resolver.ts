import { type GraphContext, RevocationReasonValue, UUID } from '@tessera/kit';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { servicesOf } from '../certificate-services';
import { CertificateType } from '../certificates/certificate.type';
import { certificateView } from '../certificates/certificate.view';
import type { PermanentRevocationReason } from './revocation-reason';

function actorOf(ctx: GraphContext): string {
  return ctx.viewer.kind === 'anonymous' ? 'anonymous' : ctx.viewer.subject;
}

@Resolver()
export class RevocationResolver {
  @Mutation(() => CertificateType, { description: 'RA-4: revokes a certificate for good; the CRL is republished.' })
  async revokeCertificate(
    @Arg('id', () => UUID) id: string,
    @Arg('reason', () => RevocationReasonValue) reason: RevocationReasonValue,
    @Ctx() ctx: GraphContext,
  ): Promise<CertificateType> {
    const certificate = await servicesOf(ctx).pki.revocation.revoke(
      id,
      reason as PermanentRevocationReason,
      actorOf(ctx),
    );
    return certificateView(certificate);
  }

  @Mutation(() => CertificateType, { description: 'RA-5: suspends (certificateHold) for at most six months.' })
  async suspendCertificate(@Arg('id', () => UUID) id: string, @Ctx() ctx: GraphContext): Promise<CertificateType> {
    return certificateView(await servicesOf(ctx).pki.revocation.suspend(id, actorOf(ctx)));
  }

  @Mutation(() => CertificateType, { description: 'RA-5: releases a suspension.' })
  async releaseCertificate(@Arg('id', () => UUID) id: string, @Ctx() ctx: GraphContext): Promise<CertificateType> {
    return certificateView(await servicesOf(ctx).pki.revocation.release(id, actorOf(ctx)));
  }
}
