import { type BuiltSubgraph, buildSubgraph } from '@tessera/kit';
import { User } from './users/user.entity';
import { userPermissions } from './users/user.permissions';
import { UserResolver } from './users/user.resolver';
import { userView } from './users/user.view';

let built: Promise<BuiltSubgraph> | undefined;

/** The identity subgraph's federation schema. */
export function identitySchema(): Promise<BuiltSubgraph> {
  built ??= buildSubgraph({
    resolvers: [UserResolver],
    references: {
      User: async (ref, ctx) => {
        const user = await ctx.loaders.byId(User).load(String(ref.id));
        return user && userView(user);
      },
    },
    rules: userPermissions,
    entityKeys: { User: ['id'] },
  });
  return built;
}
