import type { GraphContext } from '@tessera/kit';
import { Arg, Ctx, Field, Int, ObjectType, Query, Resolver, registerEnumType } from 'type-graphql';
import { servicesOf } from '../certificate-services';
import { CertificateType } from './certificate.type';
import { certificateView } from './certificate.view';
import { searchByNumber, searchBySubject } from './certificate-search';

export enum SubjectMatch {
  EXACT = 'exact',
  PARTIAL = 'partial',
}
registerEnumType(SubjectMatch, {
  name: 'SubjectMatch',
  description: 'How the term matches (CT-2).',
  valuesConfig: {
    EXACT: { description: "A person's or a unit's name: equal to the subject's CN or O." },
    PARTIAL: { description: 'Any part of the subject distinguished name, ignoring case.' },
  },
});

@ObjectType('CertificateStatusPage', { description: 'One page of the public status query (CT-2).' })
export class CertificateStatusPage {
  @Field(() => Int)
  total!: number;

  @Field(() => [CertificateType])
  certificates!: CertificateType[];
}

/** Page size ceiling: the query is public. */
const maxPageSize = 50;

@Resolver()
export class CertificateStatusResolver {
  @Query(() => CertificateStatusPage, {
    description:
      'CT-2 public status query: certificates by subject name, with serial, kind, usage, validity and state.',
  })
  async certificateStatus(
    @Arg('subject', () => String) subject: string,
    @Arg('match', () => SubjectMatch, { defaultValue: SubjectMatch.PARTIAL }) match: SubjectMatch,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset: number,
    @Ctx() ctx: GraphContext,
  ): Promise<CertificateStatusPage> {
    await consumeBudget(ctx);
    const term = subject.trim();
    const [rows, total] = term
      ? await searchBySubject(ctx.em, term, match, {
          first: Math.min(Math.max(first, 1), maxPageSize),
          offset: Math.max(offset, 0),
        })
      : [[], 0];
    return Object.assign(new CertificateStatusPage(), { total, certificates: rows.map(certificateView) });
  }

  @Query(() => CertificateStatusPage, {
    description:
      "CT-2 public status query by a subscriber's number: the social-insurance number (社保编号) of a person or unit, or a unit's unified social credit code, matched exactly.",
  })
  async certificateStatusByNumber(
    @Arg('number', () => String) number: string,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset: number,
    @Ctx() ctx: GraphContext,
  ): Promise<CertificateStatusPage> {
    await consumeBudget(ctx);
    const [rows, total] = number.trim()
      ? await searchByNumber(ctx.em, number, {
          first: Math.min(Math.max(first, 1), maxPageSize),
          offset: Math.max(offset, 0),
        })
      : [[], 0];
    return Object.assign(new CertificateStatusPage(), { total, certificates: rows.map(certificateView) });
  }
}

/** Anonymous visitors and citizens share a budget per client address; staff and services do not (CT-2). */
async function consumeBudget(ctx: GraphContext): Promise<void> {
  if (ctx.viewer.kind !== 'staff' && ctx.viewer.kind !== 'service') {
    await servicesOf(ctx).statusQueries.consume(ctx.clientAddress ?? 'unknown');
  }
}
