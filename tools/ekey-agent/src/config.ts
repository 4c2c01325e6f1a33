import { isIP } from 'node:net';
import { z } from 'zod';

/** The agent's whole configuration, read once from the environment by `readAgentConfig`. */
export interface AgentConfig {
  /** A loopback address: the agent never listens where another machine could reach it. */
  host: string;
  /** 0: any free port (the agent prints the one it got). */
  port: number;
  /** Web origins (`scheme://host[:port]`) whose pages may call the agent, matched exactly. */
  allowedOrigins: readonly string[];
  /** Path of the token vendor's PKCS#11 module. */
  pkcs11Module: string;
  /** The token to use; undefined: the first initialised token present. */
  tokenLabel?: string;
}

/** A configuration the agent refuses to start with; `problems` name the variables. */
export class AgentConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid EKey agent configuration:\n  ${problems.join('\n  ')}`);
  }
}

/** 127.0.0.0/8 or ::1, as address literals: a name such as `localhost` could resolve elsewhere. */
export function isLoopbackAddress(host: string): boolean {
  if (isIP(host) === 4) return host.split('.')[0] === '127';
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}

/** `scheme://host[:port]` exactly as a browser sends it in `Origin`: no path, no wildcard, no `null`. */
function isWebOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}

/** Each setting with its environment variable, default and meaning; the README's table lists the same. */
const settings = z.object({
  EKEY_AGENT_HOST: z
    .string()
    .default('127.0.0.1')
    .refine(isLoopbackAddress, 'must be a loopback address (127.0.0.1 or ::1): the agent never listens elsewhere'),
  EKEY_AGENT_PORT: z.coerce.number().int().min(0).max(65535).default(17380),
  EKEY_AGENT_ALLOWED_ORIGINS: z
    .string()
    .default('http://127.0.0.1:4000,http://localhost:4000,http://localhost:5173')
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(
          z.string().refine(isWebOrigin, {
            error: (issue) => `"${issue.input}" is not an exact web origin (scheme://host[:port], never * or null)`,
          }),
        )
        .min(1, 'name at least one web origin'),
    ),
  EKEY_AGENT_PKCS11_MODULE: z.string().min(1).default('/usr/lib/softhsm/libsofthsm2.so'),
  EKEY_AGENT_TOKEN_LABEL: z.string().min(1).optional(),
});

/** The only place the agent reads the environment. */
export function readAgentConfig(env: Record<string, string | undefined> = process.env): AgentConfig {
  // An empty variable is an unset one, as in the platform's configuration.
  const parsed = settings.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')));
  if (!parsed.success) {
    throw new AgentConfigError(parsed.error.issues.map((issue) => `${String(issue.path[0])}: ${issue.message}`));
  }
  const values = parsed.data;
  return {
    host: values.EKEY_AGENT_HOST,
    port: values.EKEY_AGENT_PORT,
    allowedOrigins: values.EKEY_AGENT_ALLOWED_ORIGINS,
    pkcs11Module: values.EKEY_AGENT_PKCS11_MODULE,
    tokenLabel: values.EKEY_AGENT_TOKEN_LABEL,
  };
}
