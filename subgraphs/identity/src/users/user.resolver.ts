import { type GraphContext, isAuthenticated, UUID } from '@tessera/kit';
import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { UserType } from './user.type';
import { userView } from './user.view';
import { userRows } from './user-rows';

@Resolver(() => UserType)
export class UserResolver {
  @Query(() => UserType, { nullable: true, description: 'The signed-in account.' })
  async me(@Ctx() ctx: GraphContext): Promise<UserType | null> {
    if (!isAuthenticated(ctx.viewer)) return null;
    const user = await userRows(ctx).load(ctx.viewer.subject);
    return user && userView(user);
  }

  @Query(() => UserType, { nullable: true, description: 'An account by id (staff).' })
  async user(@Arg('id', () => UUID) id: string, @Ctx() ctx: GraphContext): Promise<UserType | null> {
    const user = await userRows(ctx).load(id);
    return user && userView(user);
  }
}
