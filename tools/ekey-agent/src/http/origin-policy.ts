import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { isLoopbackAddress } from '../config';

/**
 * Who may talk to the agent. Browsers enforce CORS only on reading answers, so the agent also refuses
 * to act for a page of another origin (a form or `no-cors` fetch would otherwise spend PIN attempts) and
 * for a request addressed to another host name (DNS rebinding: a page whose name now resolves to
 * 127.0.0.1 reads same-origin answers without sending `Origin`).
 */
export class OriginPolicy {
  private readonly allowed: ReadonlySet<string>;

  constructor(allowedOrigins: readonly string[]) {
    this.allowed = new Set(allowedOrigins);
  }

  /** A request without `Origin` comes from no web page (a local tool): it is not the browser's to police. */
  allowsOrigin(request: IncomingMessage): boolean {
    const origin = request.headers.origin;
    return origin === undefined || this.allowed.has(origin);
  }

  /** `Host` must name the loopback address (or `localhost`) and the port the agent listens on. */
  allowsHost(request: IncomingMessage, port: number): boolean {
    let url: URL;
    try {
      url = new URL(`http://${request.headers.host ?? ''}`);
    } catch {
      return false;
    }
    const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
    return (hostname === 'localhost' || isLoopbackAddress(hostname)) && Number(url.port || 80) === port;
  }

  /** Headers for an answer to an allowed page: its own origin, never `*`, and no credentials. */
  corsHeaders(request: IncomingMessage): OutgoingHttpHeaders {
    const origin = request.headers.origin;
    if (origin === undefined || !this.allowed.has(origin)) return {};
    return { 'access-control-allow-origin': origin };
  }

  /**
   * The preflight answer for an allowed page, with Private Network Access's
   * `Access-Control-Allow-Private-Network` when the browser asks whether a public page may call the
   * loopback address.
   */
  preflightHeaders(request: IncomingMessage): OutgoingHttpHeaders {
    const headers: OutgoingHttpHeaders = {
      ...this.corsHeaders(request),
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': 'Content-Type, Accept-Language',
      'access-control-max-age': '600',
    };
    if (request.headers['access-control-request-private-network'] === 'true') {
      headers['access-control-allow-private-network'] = 'true';
    }
    return headers;
  }
}
