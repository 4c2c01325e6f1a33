import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type FirstRequestListener, failureCode, plainHttpSecurityHeaders } from '@tessera/kit';
import express, { type Router } from 'express';
import type { OcspAnswer, OcspAnswerStatus, OcspResponderService } from './ocsp-responder-service';
import { unsuccessfulResponse } from './ocsp-response';

/**
 * RFC 5019 §6.2: an answer HTTP caches may keep until its nextUpdate, never longer; an answer to a
 * nonce or an unsuccessful one is not to be kept at all.
 */
export function ocspCacheControl(answer: OcspAnswer, now: Date): string {
  if (!answer.nextUpdate || answer.nonce) return 'no-store';
  const maxAge = Math.max(0, Math.floor((answer.nextUpdate.getTime() - now.getTime()) / 1000));
  return `max-age=${maxAge}, public, no-transform, must-revalidate`;
}

/** Largest request body read (a request about the most certificates allowed is far smaller). */
const maxRequestBytes = 16 * 1024;
const getPrefix = '/pki/ocsp/';

export interface OcspHttpOptions {
  responder: OcspResponderService;
  clock?: () => Date;
  /** Told the statuses of every answer sent (the metrics). */
  onAnswer?: (statuses: OcspAnswerStatus[]) => void;
  /** Told why an answer could not be produced (the request then gets tryLater or internalError). */
  onError?: (error: unknown) => void;
}

/**
 * OCSP over HTTP (RFC 6960 appendix A, RFC 5019 §5): POST with the DER request as body, or GET with it
 * base64 in the path. `firstRequests` serves both before Express with no middleware: the request is read
 * by the responder's DER reader, a pre-produced answer is written at once from bytes with headers made
 * once per answer (security headers, Cache-Control, ETag, 304 to a matching If-None-Match). `mount` keeps
 * the same routes in Express for what the lean path leaves (a body without Content-Length or with a
 * Content-Encoding, another media type, tracing on), with the same answers.
 */
export class OcspHttp {
  private readonly clock: () => Date;
  private readonly securityHeaders = plainHttpSecurityHeaders();
  private readonly etags = new WeakMap<OcspAnswer, string>();

  constructor(private readonly options: OcspHttpOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  readonly firstRequests: FirstRequestListener = (req, res) => {
    const url = req.url ?? '';
    if (req.method === 'GET' && url.startsWith(getPrefix) && url.length > getPrefix.length) {
      this.answer(fromPath(url), req, res);
      return true;
    }
    if (req.method !== 'POST' || (url !== '/pki/ocsp' && url !== '/pki/ocsp/')) return false;
    const length = Number(req.headers['content-length']);
    if (
      !Number.isInteger(length) ||
      length > maxRequestBytes ||
      req.headers['content-encoding'] ||
      req.headers['content-type']?.split(';')[0]?.trim().toLowerCase() !== 'application/ocsp-request'
    ) {
      return false;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => this.answer(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks), req, res));
    return true;
  };

  mount(routes: Router): void {
    routes.post('/pki/ocsp', express.raw({ type: 'application/ocsp-request', limit: maxRequestBytes }), (req, res) =>
      this.answer(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0), req, res),
    );
    routes.get('/pki/ocsp/*request', (req, res) => this.answer(fromPath(req.originalUrl), req, res));
  }

  /** Answers at once from a kept answer, else once the responder has produced one. */
  private answer(requestDer: Buffer, req: IncomingMessage, res: ServerResponse): void {
    const { responder } = this.options;
    const request = responder.read(requestDer);
    const kept = responder.kept(request);
    if (kept) {
      this.send(kept, req, res);
      return;
    }
    responder.answer(request).then(
      (answer) => this.send(answer, req, res),
      (error: unknown) => {
        this.options.onError?.(error);
        const outage = ['SERVICE_UNAVAILABLE', 'SERVICE_TIMEOUT'].includes(failureCode(error));
        // RFC 6960 §4.2.1: tryLater(3) while the database is out of reach, internalError(2) otherwise.
        this.write(res, outage ? 503 : 500, unsuccessfulResponse(outage ? 'tryLater' : 'internalError'), 'no-store');
      },
    );
  }

  private send(answer: OcspAnswer, req: IncomingMessage, res: ServerResponse): void {
    this.options.onAnswer?.(answer.statuses);
    const cacheControl = ocspCacheControl(answer, this.clock());
    const etag = this.etagOf(answer);
    if (req.method === 'GET' && req.headers['if-none-match']?.includes(etag)) {
      res.writeHead(304, [...this.securityHeaders, 'cache-control', cacheControl, 'etag', etag]);
      res.end();
      return;
    }
    this.write(res, 200, answer.der, cacheControl, etag);
  }

  private write(res: ServerResponse, status: number, der: Buffer, cacheControl: string, etag?: string): void {
    res.writeHead(status, [
      ...this.securityHeaders,
      'content-type',
      'application/ocsp-response',
      'content-length',
      String(der.length),
      'cache-control',
      cacheControl,
      ...(etag ? ['etag', etag] : []),
    ]);
    res.end(der);
  }

  /** A strong ETag per answer (RFC 5019 §6.2), computed once for each kept answer. */
  private etagOf(answer: OcspAnswer): string {
    let etag = this.etags.get(answer);
    if (!etag) {
      etag = `"${createHash('sha256').update(answer.der).digest('base64url').slice(0, 27)}"`;
      this.etags.set(answer, etag);
    }
    return etag;
  }
}

/** The DER request of a GET: base64, URL-encoded, after `/pki/ocsp/`; nothing readable for a bad encoding. */
function fromPath(url: string): Buffer {
  const query = url.indexOf('?');
  const encoded = url.slice(getPrefix.length, query === -1 ? undefined : query);
  try {
    return Buffer.from(decodeURIComponent(encoded), 'base64');
  } catch {
    return Buffer.alloc(0);
  }
}
