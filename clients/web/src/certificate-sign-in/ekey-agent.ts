import type {
  CertificatesResponse,
  ErrorResponse,
  PinAttempt,
  SignResponse,
  StatusResponse,
  TokenCertificate,
} from '@tessera/ekey-agent';
import { clientConfig, GraphError } from '@tessera/ui';
import { i18n } from '../tessera';

/** The agent's address when the platform names none (EKEY_AGENT_URL's default). */
export const defaultEKeyAgentUrl = 'http://127.0.0.1:17380';

/** Where the EKey agent listens: the platform's `/client-config.json` says, else the documented default. */
export async function ekeyAgentUrl(): Promise<string> {
  const config = await clientConfig();
  return typeof config.ekeyAgentUrl === 'string' ? config.ekeyAgentUrl : defaultEKeyAgentUrl;
}

/**
 * A refusal of the agent: its stable code and message in the page's language, with the CT-6 client
 * code shown as the error's code where there is one (the support handbook explains those), and the
 * PIN attempt the page must report (CT-3).
 */
export class EKeyAgentError extends GraphError {
  constructor(
    code: string,
    message: string,
    readonly agentCode: string,
    readonly pinAttempt?: PinAttempt,
  ) {
    super(code, message, { agentCode });
    this.name = 'EKeyAgentError';
  }
}

async function call<T>(path: string, body?: object): Promise<T> {
  const base = await ekeyAgentUrl();
  let response: Response;
  try {
    response = await fetch(`${base}/v1/${path}`, {
      method: body ? 'POST' : 'GET',
      credentials: 'omit',
      cache: 'no-store',
      headers: {
        accept: 'application/json',
        'accept-language': i18n.language,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch {
    throw new EKeyAgentError(
      'EKEY_AGENT_UNAVAILABLE',
      i18n.t('certificateSignIn.ekey.agentUnavailable', { url: base }),
      'AGENT_UNAVAILABLE',
    );
  }
  const answer = (await response.json().catch(() => null)) as (T & Partial<ErrorResponse>) | null;
  if (response.ok && answer && !answer.error) return answer;
  const error = answer?.error;
  if (!error?.code) {
    throw new EKeyAgentError(
      'EKEY_AGENT_UNAVAILABLE',
      i18n.t('certificateSignIn.ekey.agentUnavailable', { url: base }),
      'AGENT_UNAVAILABLE',
    );
  }
  const message = (i18n.language.startsWith('en') ? error.messages?.en : error.messages?.['zh-CN']) ?? error.message;
  throw new EKeyAgentError(error.clientCode ?? error.code, message, error.code, error.pinAttempt);
}

/** Protocol v1 of the local EKey agent (tools/ekey-agent/README.md). */
export const ekeyAgent = {
  status: () => call<StatusResponse>('status'),
  /** The certificates on the token the agent can sign with. */
  certificates: async (): Promise<TokenCertificate[]> =>
    (await call<CertificatesResponse>('certificates')).certificates.filter((c) => c.signatureAlgorithm),
  sign: (certificateId: string, data: string, pin: string) => call<SignResponse>('sign', { certificateId, data, pin }),
};

export type { PinAttempt, TokenCertificate };
