import { Field, Int, ObjectType } from 'type-graphql';
import type { CertificateKind } from '../certificates/certificate.entity';
import { CertificateKindValue } from '../certificates/certificate.type';

@ObjectType('ExpiringCertificates', { description: 'Valid certificates of a kind ending within a number of days.' })
export class ExpiringCertificatesType {
  @Field(() => Int, { description: '30, 60 or 90.' })
  withinDays!: number;

  @Field(() => CertificateKindValue)
  kind!: CertificateKind;

  @Field(() => Int)
  count!: number;
}

@ObjectType('SuspensionsNearingLimit', {
  description: 'Suspensions whose six-month limit (RA-5) runs out within a number of days.',
})
export class SuspensionsNearingLimitType {
  @Field(() => Int, { description: '30, 60 or 90.' })
  withinDays!: number;

  @Field(() => Int)
  count!: number;
}

@ObjectType('CertificateDashboard', { description: "The certificate subgraph's dashboard figures (issue 17 item 9)." })
export class CertificateDashboardType {
  @Field(() => [ExpiringCertificatesType], { description: 'Per horizon (30/60/90 days, cumulative) and kind.' })
  expiring!: ExpiringCertificatesType[];

  @Field(() => [SuspensionsNearingLimitType], { description: 'Per horizon (30/60/90 days, cumulative).' })
  suspensionsNearingLimit!: SuspensionsNearingLimitType[];
}
