import { createClientRuntime } from '@tessera/ui';
import { RefreshSessionDocument } from './gql/graphql';
import { messages } from './messages';

/** The admin client's session, i18n and graph: one of each per tab. */
export const { session, i18n, graph, renew } = createClientRuntime({
  storageKey: 'tessera.admin.session',
  messages,
  refresh: async (graph, refreshToken) =>
    (await graph.request(RefreshSessionDocument, { refreshToken })).refreshSession,
});
