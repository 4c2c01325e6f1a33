import { createGraph, createI18n, Session } from '@tessera/ui';
import { RefreshSessionDocument } from './gql/graphql';
import { messages } from './messages';

/** The admin client's session, i18n and graph: one of each per tab. */
export const session = new Session('tessera.admin.session');
export const i18n = createI18n(messages);

let renewing: Promise<boolean> | null = null;

/** Renews the access token with the rotating refresh token; concurrent callers share one renewal. */
export function renew(): Promise<boolean> {
  const refreshToken = session.refreshToken();
  if (!refreshToken) return Promise.resolve(false);
  renewing ??= plainGraph
    .request(RefreshSessionDocument, { refreshToken })
    .then(({ refreshSession: { accessToken, refreshToken } }) => {
      if (!accessToken || !refreshToken) throw new Error('no tokens in the renewal');
      session.start({ accessToken, refreshToken });
      return true;
    })
    .catch(() => {
      session.end();
      return false;
    })
    .finally(() => {
      renewing = null;
    });
  return renewing;
}

const options = {
  endpoint: '/graphql',
  session,
  language: () => i18n.language,
  offlineMessage: () => i18n.t('common.offline'),
};
const plainGraph = createGraph(options);
export const graph = createGraph({ ...options, renew });
