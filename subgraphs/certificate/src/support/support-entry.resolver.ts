import type { GraphContext } from '@tessera/kit';
import { Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import { supportEntries } from './support-entries';

@ObjectType('SupportEntry', { description: 'CT-6: a client error code or symptom, its cause and its fix.' })
export class SupportEntryType {
  @Field(() => String)
  key!: string;

  @Field(() => String, { nullable: true, description: 'The client error code, e.g. -10101011.' })
  errorCode?: string;

  @Field(() => String)
  symptom!: string;

  @Field(() => String)
  cause!: string;

  @Field(() => String)
  fix!: string;
}

@Resolver()
export class SupportEntryResolver {
  @Query(() => [SupportEntryType], { description: "CT-6: the support handbook, in the caller's language." })
  supportEntries(@Ctx() ctx: GraphContext): SupportEntryType[] {
    return supportEntries.map((entry) =>
      Object.assign(new SupportEntryType(), {
        key: entry.key,
        errorCode: entry.errorCode,
        symptom: entry.symptom[ctx.locale],
        cause: entry.cause[ctx.locale],
        fix: entry.fix[ctx.locale],
      }),
    );
  }
}
