import { createGraph, createI18n, Session } from '@tessera/ui';
import { RefreshSessionDocument } from './gql/graphql';
import { messages } from './messages';

/** The web client's session, i18n and graph: one of each per tab. */
export const session = new Session('tessera.web.session');
export const i18n = createI18n(messages);

/** Keeps the tokens of a completed sign-in or renewal; false when the answer carries none. */
export function startSession(result: { accessToken: string | null; refreshToken: string | null }): boolean {
  const { accessToken, refreshToken } = result;
  if (!accessToken || !refreshToken) {
    session.end();
    return false;
  }
  session.start({ accessToken, refreshToken });
  return true;
}

let renewing: Promise<boolean> | null = null;

/** Renews the access token with the rotating refresh token; concurrent callers share one renewal. */
function renew(): Promise<boolean> {
  const refreshToken = session.refreshToken();
  if (!refreshToken) return Promise.resolve(false);
  renewing ??= plainGraph
    .request(RefreshSessionDocument, { refreshToken })
    .then(({ refreshSession }) => startSession(refreshSession))
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
