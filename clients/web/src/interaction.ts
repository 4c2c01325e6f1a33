import { GraphError } from '@tessera/ui';
import { i18n } from './tessera';

/** Where the provider's sign-in stands, as `GET /oidc/interaction/:uid/details` answers it. */
export interface InteractionDetails {
  uid: string;
  prompt: 'login' | 'consent' | 'real_name_required';
  system: { code: string; name: string };
  scopes: string[];
  loginHint?: string;
  uiLocales?: string[];
  legacyIdSignInOpen: boolean;
}

/** A sign-in step's answer: where the browser goes next. */
export interface Continuation {
  redirectTo: string;
}

export type LoginAnswer =
  | { method: 'password'; username: string; password: string; totpCode?: string }
  | { method: 'legacy_id_number'; idNumber: string; password: string };

const base = (uid: string) => `/oidc/interaction/${encodeURIComponent(uid)}`;

/**
 * One call of the single-sign-on provider's interaction API (same origin, bound to this browser by
 * its cookie). A failure becomes a GraphError with the server's code and localized message, as the
 * graph's do, so the pages show it alike.
 */
async function call<T>(path: string, body?: object): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: body ? 'POST' : 'GET',
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        'accept-language': i18n.language,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch {
    throw new GraphError('NETWORK_ERROR', i18n.t('common.offline'));
  }
  const answer = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  if (response.ok && answer && !answer.error) return answer as T;
  const error = answer?.error;
  if (error?.code && error.message) {
    throw new GraphError(error.code, error.message, {}, response.headers.get('x-request-id') ?? undefined);
  }
  throw new GraphError('NETWORK_ERROR', i18n.t('common.offline'));
}

/** A challenge of the certificate method, bound to this interaction (issue 15). */
export interface InteractionChallenge {
  id: string;
  challenge: string;
  expiresAt: string;
}

export const interaction = {
  details: (uid: string) => call<InteractionDetails>(`${base(uid)}/details`),
  login: (uid: string, answer: LoginAnswer & { captchaId: string; captchaAnswer: string }) =>
    call<Continuation>(`${base(uid)}/login`, answer),
  challenge: (uid: string) => call<InteractionChallenge>(`${base(uid)}/challenge`, {}),
  certificate: (uid: string, answer: { challengeId: string; certificate: string; signature: string }) =>
    call<Continuation>(`${base(uid)}/login`, { method: 'certificate', ...answer }),
  pinAttempt: (uid: string, report: { challengeId: string; serialNumber: string; correct: boolean }) =>
    call<{ locked: boolean; remainingAttempts: number }>(`${base(uid)}/pin-attempt`, report),
  consent: (uid: string) => call<Continuation>(`${base(uid)}/consent`, {}),
  abort: (uid: string) => call<Continuation>(`${base(uid)}/abort`, {}),
};

/** The first of the requested UI locales (`ui_locales`) the clients speak, if any. */
export function chosenLanguage(uiLocales: readonly string[] | undefined): 'zh-CN' | 'en' | undefined {
  for (const locale of uiLocales ?? []) {
    const lower = locale.toLowerCase();
    if (lower === 'zh-cn' || lower === 'zh' || lower.startsWith('zh-hans')) return 'zh-CN';
    if (lower === 'en' || lower.startsWith('en-')) return 'en';
  }
  return undefined;
}
