import type { i18n } from 'i18next';
import { createGraph, type Graph } from './graph';
import { createI18n, type Language } from './i18n';
import { type IssuedTokens, Session } from './session';

export interface ClientRuntime {
  session: Session;
  i18n: i18n;
  /** The graph with the session's token, renewing an expired one once. */
  graph: Graph;
  /** Renews the access token with the rotating refresh token; concurrent callers share one renewal. */
  renew(): Promise<boolean>;
}

/**
 * One client's session, i18n and graph (one of each per tab). `refresh` sends the client's own
 * generated RefreshSession document.
 */
export function createClientRuntime(options: {
  storageKey: string;
  messages: Record<Language, Record<string, unknown>>;
  refresh: (graph: Graph, refreshToken: string) => Promise<IssuedTokens>;
}): ClientRuntime {
  const session = new Session(options.storageKey);
  const i18n = createI18n(options.messages);
  const graphOptions = {
    endpoint: '/graphql',
    session,
    language: () => i18n.language,
    offlineMessage: () => i18n.t('common.offline'),
  };
  const plainGraph = createGraph(graphOptions);
  let renewing: Promise<boolean> | null = null;
  const renew = (): Promise<boolean> => {
    const refreshToken = session.refreshToken();
    if (!refreshToken) return Promise.resolve(false);
    renewing ??= options
      .refresh(plainGraph, refreshToken)
      .then((tokens) => session.start(tokens))
      .catch(() => {
        session.end();
        return false;
      })
      .finally(() => {
        renewing = null;
      });
    return renewing;
  };
  return { session, i18n, graph: createGraph({ ...graphOptions, renew }), renew };
}
