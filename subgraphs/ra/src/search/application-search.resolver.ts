import type { GraphContext } from '@tessera/kit';
import { MaxLength } from 'class-validator';
import { Args, ArgsType, Ctx, Field, Int, Query, Resolver } from 'type-graphql';
import { ApplicationStateValue, CertificateApplicationType } from '../applications/certificate-application.type';
import { applicationView } from '../applications/certificate-application.view';
import type { ApplicationState } from '../workflow/workflow';
import { maxSearchLength, searchApplications } from './application-search';

@ArgsType()
class ApplicationSearchArgs {
  @Field(() => String, {
    description:
      'Part of the subscriber’s name, the start of its social-insurance number, its unified social credit code, or the application number (its first 8 characters or more).',
  })
  @MaxLength(maxSearchLength)
  text!: string;

  @Field(() => ApplicationStateValue, { nullable: true, description: 'Only applications in this state (a queue).' })
  state?: ApplicationStateValue;

  @Field(() => Int, { defaultValue: 20 })
  first!: number;
}

@Resolver(() => CertificateApplicationType)
export class ApplicationSearchResolver {
  @Query(() => [CertificateApplicationType], {
    description:
      'Issue 17 item 7: applications found by name, social-insurance number, credit code or application number, most recently moved first (RA clerks and oversight).',
  })
  async searchApplications(
    @Args() { text, state, first }: ApplicationSearchArgs,
    @Ctx() ctx: GraphContext,
  ): Promise<CertificateApplicationType[]> {
    const found = await searchApplications(ctx.em, text, { state: state as ApplicationState | undefined, first });
    return found.map(applicationView);
  }
}
