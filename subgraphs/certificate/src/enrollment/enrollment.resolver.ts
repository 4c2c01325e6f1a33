import { PemConverter } from '@peculiar/x509';
import type { GraphContext } from '@tessera/kit';
import { type GraphQLResolveInfo, Kind } from 'graphql';
import { Arg, Ctx, Info, Mutation, Query, Resolver } from 'type-graphql';
import { servicesOf } from '../certificate-services';
import { certificateView } from '../certificates/certificate.view';
import { encryptionKeyDeliveryView } from '../kmc/kmc.view';
import { EnrollmentCodesType, EnrollmentInput, RedeemedCertificateType } from './enrollment.type';
import type { RedeemedEnrollment } from './enrollment-service';

@Resolver()
export class EnrollmentResolver {
  @Mutation(() => EnrollmentCodesType, {
    description: 'RA-11: turns an approved application into codes (RA service only).',
  })
  async createEnrollment(
    @Arg('input', () => EnrollmentInput) input: EnrollmentInput,
    @Ctx() ctx: GraphContext,
  ): Promise<EnrollmentCodesType> {
    const actor = ctx.viewer.kind === 'anonymous' ? 'anonymous' : ctx.viewer.subject;
    const { pki } = servicesOf(ctx);
    const { enrollment, certificate, encryptionCertificate, referenceCode, authorizationCode } =
      await pki.enrollments.create({ ...input }, actor);
    return Object.assign(new EnrollmentCodesType(), {
      referenceCode,
      authorizationCode,
      expiresAt: enrollment.expiresAt,
      certificate: certificateView(certificate),
      encryptionCertificate: encryptionCertificate ? certificateView(encryptionCertificate) : undefined,
    });
  }

  @Mutation(() => RedeemedCertificateType, {
    description:
      'RA-11: issues the certificate for the codes and a PKCS#10 CSR (PEM); the codes are the credential. A repeat with the same codes and key answers the same certificate (RA item 14).',
  })
  async redeemEnrollment(
    @Arg('referenceCode', () => String) referenceCode: string,
    @Arg('authorizationCode', () => String) authorizationCode: string,
    @Arg('csr', () => String) csr: string,
    @Ctx() ctx: GraphContext,
  ): Promise<RedeemedCertificateType> {
    const redeemed = await servicesOf(ctx).pki.enrollments.redeem({
      referenceCode,
      authorizationCode,
      csr,
    });
    return redeemedView(redeemed);
  }

  @Query(() => RedeemedCertificateType, {
    nullable: true,
    description:
      'RA item 14: what the enrollment of an RA application issued (null until its codes are redeemed), the encryption key of a dual certificate enveloped again to the signing key (RA service only).',
  })
  async enrollmentIssuance(
    @Arg('applicationReference', () => String) applicationReference: string,
    @Ctx() ctx: GraphContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RedeemedCertificateType | null> {
    // The key is enveloped again (and its delivery recorded) only for a caller that asks for it.
    const issued = await servicesOf(ctx).pki.enrollments.issuedFor(applicationReference, selects(info, 'encryption'));
    return issued && redeemedView(issued);
  }
}

/** Whether the query selects `field` of this one (a fragment may: it counts as selecting it). */
function selects(info: GraphQLResolveInfo, field: string): boolean {
  return info.fieldNodes.some((node) =>
    (node.selectionSet?.selections ?? []).some((s) => s.kind !== Kind.FIELD || s.name.value === field),
  );
}

function redeemedView({ certificate, encryption }: RedeemedEnrollment): RedeemedCertificateType {
  return Object.assign(new RedeemedCertificateType(), {
    certificate: certificateView(certificate),
    pem: PemConverter.encode(new Uint8Array(certificate.der ?? Buffer.alloc(0)).buffer, 'CERTIFICATE'),
    encryption: encryption && encryptionKeyDeliveryView(encryption),
  });
}
