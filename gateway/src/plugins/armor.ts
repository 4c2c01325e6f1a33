import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { Config } from '@tessera/kit';

/**
 * Depth, alias, cost, token and directive limits (graphql-armor) checked at the gateway before
 * any subgraph is called. Field suggestions are hidden in production (they leak the schema).
 */
export function armor(config: Config) {
  const { limits } = config.gateway;
  return new ApolloArmor({
    maxDepth: { n: limits.maxDepth },
    maxAliases: { n: limits.maxAliases },
    costLimit: { maxCost: limits.maxCost },
    maxTokens: { n: limits.maxTokens },
    maxDirectives: { n: 50 },
    blockFieldSuggestion: { enabled: config.env === 'production' },
  }).protect();
}
