import type { GraphContext } from '@tessera/kit';
import { Arg, Ctx, Field, Int, ObjectType, Query, Resolver, registerEnumType } from 'type-graphql';
import { Certificate } from './certificate.entity';
import { CertificateType } from './certificate.type';
import { certificateView } from './certificate.view';

export enum SubjectMatch {
  EXACT = 'exact',
  PARTIAL = 'partial',
}
registerEnumType(SubjectMatch, { name: 'SubjectMatch', description: 'Whole subject name, or any part of it.' });

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
    const term = subject.trim();
    const where =
      match === SubjectMatch.EXACT
        ? { subject: term }
        : { subject: { $ilike: `%${term.replace(/[\\%_]/g, '\\$&')}%` } };
    const [rows, total] = term
      ? await ctx.em.findAndCount(Certificate, where, {
          orderBy: { notAfter: 'desc', id: 'asc' },
          limit: Math.min(Math.max(first, 1), maxPageSize),
          offset: Math.max(offset, 0),
        })
      : [[], 0];
    return Object.assign(new CertificateStatusPage(), { total, certificates: rows.map(certificateView) });
  }
}
