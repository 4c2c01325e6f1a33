import type { Branding } from './branding';

/** What the platform tells its clients at start (`GET /client-config.json`, the gateway's `serveClients`). */
export interface ClientConfig {
  /** Issue 15: origin of the local EKey agent (EKEY_AGENT_URL). */
  ekeyAgentUrl?: string;
  /** Issue 17: the bureau's time zone (BUREAU_TIME_ZONE). */
  timeZone?: string;
  /** Issue 17 item 4: the bureau's name, emblem and footer facts (BUREAU_*). */
  branding?: Branding;
}

let loading: Promise<ClientConfig> | undefined;

/** The platform's client settings, asked once per page; an empty answer when the platform gives none. */
export function clientConfig(): Promise<ClientConfig> {
  loading ??= fetch('/client-config.json', { headers: { accept: 'application/json' } })
    .then((response): Promise<ClientConfig> => (response.ok ? response.json() : Promise.resolve({})))
    .catch(() => ({}));
  return loading;
}
