import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { type GraphQLSchema, parse } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import type { IRules } from 'graphql-shield';
import { type BuildSchemaOptions, buildSchema, createResolversMap } from 'type-graphql';
import { assertNoIdInputs, type InputLimits, inputGuard } from '../input/input-guard';
import { type EntityKeys, permissions } from '../shield/rules';
import type { GraphContext } from './context';

/** Federation v2 directives a subgraph may use in `@Directive(...)`. */
const federationImports = ['@key', '@shareable', '@external', '@requires', '@provides', '@inaccessible', '@tag'];

export type ReferenceResolver = (
  reference: { __typename: string } & Record<string, unknown>,
  ctx: GraphContext,
) => unknown;

export interface SubgraphSchemaDefinition {
  resolvers: BuildSchemaOptions['resolvers'];
  orphanedTypes?: BuildSchemaOptions['orphanedTypes'];
  /** `__resolveReference` per entity type; they must batch (see Loaders). */
  references: Record<string, ReferenceResolver>;
  /** graphql-shield rules per type and field; anything without a rule is denied. */
  rules: IRules;
  /** Key fields of each entity this subgraph declares or extends. */
  entityKeys: EntityKeys;
  /** Exceptions to the edge's input limits (see `inputGuard`). */
  inputLimits?: InputLimits;
}

export interface BuiltSubgraph {
  /** The executable schema, permissions applied. */
  schema: GraphQLSchema;
  /** The federation SDL, as composition reads it. */
  typeDefs: string;
}

/**
 * type-graphql classes → SDL with directives → federation subgraph schema → input guard → shield.
 * `__resolveReference` runs outside type-graphql (no @Authorized, no validation), so the
 * shield's type and field rules are what guard data reached through `_entities`.
 */
export async function buildSubgraph(definition: SubgraphSchemaDefinition): Promise<BuiltSubgraph> {
  const classSchema = await buildSchema({
    resolvers: definition.resolvers,
    orphanedTypes: definition.orphanedTypes,
    skipCheck: true,
    validate: { forbidUnknownValues: false },
  });
  assertNoIdInputs(classSchema);
  const typeDefs = [
    `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ${JSON.stringify(federationImports)})`,
    printSchemaWithDirectives(classSchema),
  ].join('\n\n');
  const references = Object.fromEntries(
    Object.entries(definition.references).map(([type, resolve]) => [type, { __resolveReference: resolve }]),
  );
  const resolvers = createResolversMap(classSchema) as Record<string, object>;
  for (const [type, reference] of Object.entries(references)) {
    resolvers[type] = { ...resolvers[type], ...reference };
  }
  const subgraph = buildSubgraphSchema({ typeDefs: parse(typeDefs), resolvers: resolvers as never });
  return {
    schema: applyMiddleware(
      subgraph,
      inputGuard(subgraph, definition.inputLimits),
      permissions(definition.rules, definition.entityKeys, subgraph),
    ),
    typeDefs,
  };
}
