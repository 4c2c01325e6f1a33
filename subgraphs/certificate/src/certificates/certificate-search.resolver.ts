import { type GraphContext, UUID } from '@tessera/kit';
import { Arg, Ctx, Field, InputType, Int, Query, Resolver } from 'type-graphql';
import { servicesOf } from '../certificate-services';
import type { CertificateState } from '../revocation/certificate-state';
import { CertificateStateValue } from './certificate.type';
import { certificateView } from './certificate.view';
import { searchCertificates } from './certificate-search';
import { CertificateStatusPage } from './certificate-status.resolver';

@InputType('CertificateFilter', {
  description: "Administrators' ad-hoc certificate query; all given fields must match.",
})
export class CertificateFilterInput {
  @Field(() => String, { nullable: true })
  serialNumber?: string;

  @Field(() => UUID, { nullable: true, description: 'The identity user holding the certificates.' })
  holderUserId?: string;

  @Field(() => CertificateStateValue, { nullable: true })
  state?: CertificateStateValue;

  @Field(() => Date, { nullable: true })
  expiresFrom?: Date;

  @Field(() => Date, { nullable: true })
  expiresUntil?: Date;

  @Field(() => String, { nullable: true, description: 'Issuing CA name, e.g. `issuing`.' })
  authority?: string;

  @Field(() => Date, {
    nullable: true,
    description:
      'Suspended certificates whose current suspension began before this time (RA-5: "suspended past N days").',
  })
  suspendedBefore?: Date;

  @Field(() => String, { nullable: true, description: "The subscriber's social-insurance number (社保编号), exactly." })
  insuranceNumber?: string;

  @Field(() => String, { nullable: true, description: "A unit's unified social credit code, exactly." })
  creditCode?: string;
}

const maxPageSize = 200;

@Resolver()
export class CertificateSearchResolver {
  @Query(() => CertificateStatusPage, {
    description:
      "Staff: certificates by serial, holder, state, expiry window, CA, suspension start, the subscriber's social-insurance number or credit code.",
  })
  async certificates(
    @Arg('filter', () => CertificateFilterInput, { defaultValue: {} }) filter: CertificateFilterInput,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset: number,
    @Ctx() ctx: GraphContext,
  ): Promise<CertificateStatusPage> {
    const authority = filter.authority ? await servicesOf(ctx).pki.hierarchy.authority(filter.authority) : undefined;
    if (authority === null) return Object.assign(new CertificateStatusPage(), { total: 0, certificates: [] });
    const [rows, total] = await searchCertificates(
      ctx.em,
      {
        serialNumber: filter.serialNumber,
        holderUserId: filter.holderUserId,
        state: filter.state as CertificateState | undefined,
        expiresFrom: filter.expiresFrom,
        expiresUntil: filter.expiresUntil,
        authorityId: authority?.entity.id,
        suspendedBefore: filter.suspendedBefore,
        insuranceNumber: filter.insuranceNumber,
        creditCode: filter.creditCode,
      },
      { first: Math.min(Math.max(first, 1), maxPageSize), offset: Math.max(offset, 0) },
      new Date(),
    );
    return Object.assign(new CertificateStatusPage(), { total, certificates: rows.map(certificateView) });
  }
}
