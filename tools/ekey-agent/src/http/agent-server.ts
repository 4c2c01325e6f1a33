import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AgentConfig, isLoopbackAddress } from '../config';
import { AgentError } from '../errors';
import {
  type CertificatesResponse,
  type Locale,
  protocolVersion,
  type SignResponse,
  type StatusResponse,
} from '../protocol';
import type { Pkcs11Token } from '../token/pkcs11-token';
import { agentVersion } from '../version';
import { readJsonBody } from './json-body';
import { OriginPolicy } from './origin-policy';
import { parseSignRequest } from './sign-request';

/** Ample for a sign request: a 1 KiB challenge is 1.4 KB of base64. */
const maxBodyBytes = 8 * 1024;

export interface AgentServer {
  /** Where pages call the agent, e.g. `http://127.0.0.1:17380`. */
  url: string;
  close(): Promise<void>;
}

type Token = Pick<Pkcs11Token, 'status' | 'certificates' | 'sign'>;

interface Route {
  method: 'GET' | 'POST';
  handle(request: IncomingMessage, token: Token): Promise<StatusResponse | CertificatesResponse | SignResponse>;
}

/** The protocol, version 1 (README.md): one route per endpoint. */
const routes: Record<string, Route> = {
  [`/${protocolVersion}/status`]: {
    method: 'GET',
    handle: async (_request, token): Promise<StatusResponse> => ({
      agent: { name: 'tessera-ekey-agent', version: agentVersion, protocol: protocolVersion },
      token: await token.status(),
    }),
  },
  [`/${protocolVersion}/certificates`]: {
    method: 'GET',
    handle: async (_request, token) => ({ certificates: await token.certificates() }),
  },
  [`/${protocolVersion}/sign`]: {
    method: 'POST',
    handle: async (request, token): Promise<SignResponse> => {
      const { certificateId, data, pin } = parseSignRequest(await readJsonBody(request, maxBodyBytes));
      const signed = await token.sign(certificateId, data, pin);
      return {
        signature: signed.signature.toString('base64'),
        algorithm: signed.scheme.name,
        algorithmOid: signed.scheme.oid,
        certificate: signed.certificate.toString('base64'),
        ekeySerial: signed.pinAttempt.ekeySerial,
        pinAttempt: signed.pinAttempt,
      };
    },
  },
};

/** Refused before anything listens: the agent is for the pages of this machine's browser only. */
export class NotLoopbackError extends Error {
  constructor(host: string) {
    super(`the EKey agent listens on the loopback address only (127.0.0.1 or ::1), not on ${host}`);
  }
}

/** Starts the agent's HTTP server on the loopback address of `config`. */
export async function startAgentServer(config: AgentConfig, token: Token): Promise<AgentServer> {
  if (!isLoopbackAddress(config.host)) throw new NotLoopbackError(config.host);
  const policy = new OriginPolicy(config.allowedOrigins);
  let port = config.port;
  const server = createServer((request, response) => {
    answer(request, response, policy, port, token).catch(() => response.destroy());
  });
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  port = address.port;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function answer(
  request: IncomingMessage,
  response: ServerResponse,
  policy: OriginPolicy,
  port: number,
  token: Token,
): Promise<void> {
  const locale = localeOf(request);
  const path = new URL(request.url ?? '/', 'http://agent').pathname;
  let status = 200;
  let code: string | undefined;
  try {
    if (!policy.allowsHost(request, port)) throw new AgentError('HOST_NOT_ALLOWED');
    if (!policy.allowsOrigin(request))
      throw new AgentError('ORIGIN_NOT_ALLOWED', { origin: request.headers.origin ?? '' });
    if (request.method === 'OPTIONS') {
      status = 204;
      send(response, status, policy.preflightHeaders(request));
      return;
    }
    const route = routes[path];
    if (!route) throw new AgentError('NOT_FOUND');
    if (request.method !== route.method) throw new AgentError('METHOD_NOT_ALLOWED');
    send(response, status, policy.corsHeaders(request), await route.handle(request, token));
  } catch (error) {
    const refusal = error instanceof AgentError ? error : new AgentError('INTERNAL_ERROR');
    status = refusal.status;
    code = refusal.code;
    const headers: OutgoingHttpHeaders = { ...policy.corsHeaders(request) };
    // The rest of a refused body is not read: end the connection rather than wait for it.
    if (!request.readableEnded) headers.connection = 'close';
    if (refusal.code === 'METHOD_NOT_ALLOWED') headers.allow = routes[path]?.method;
    send(response, status, headers, refusal.body(locale));
  } finally {
    // One line per request; bodies (the PIN among them) are never logged.
    process.stdout.write(
      `${JSON.stringify({ time: new Date().toISOString(), method: request.method, path, status, code, origin: request.headers.origin })}\n`,
    );
  }
}

function send(response: ServerResponse, status: number, headers: OutgoingHttpHeaders, body?: unknown): void {
  response.writeHead(status, {
    ...headers,
    vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Private-Network',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
  });
  response.end(body === undefined ? undefined : JSON.stringify(body));
}

/** zh-CN unless the page prefers English (`Accept-Language: en…` first). */
function localeOf(request: IncomingMessage): Locale {
  return /^\s*en\b/i.test(request.headers['accept-language'] ?? '') ? 'en' : 'zh-CN';
}
