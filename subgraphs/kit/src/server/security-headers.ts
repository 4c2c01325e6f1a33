import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet, { contentSecurityPolicy } from 'helmet';

/**
 * The Content-Security-Policy of every page the platform serves: scripts, styles, fonts and
 * workers from its own origin only, no inline script (nor inline event handlers), no plugins, no
 * framing by any other site.
 */
export const contentSecurityDirectives = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'connect-src': ["'self'"],
  // GraphiQL embeds its fonts as data: URLs in its stylesheet.
  'font-src': ["'self'", 'data:'],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  'worker-src': ["'self'"],
} as const;

/**
 * The same policy with inline styles allowed, for pages whose library forces them: Monaco (the
 * editor of the admin client's GraphiQL) writes `<style>` elements at run time. Scripts stay strict.
 */
export function contentSecurityPolicyWithInlineStyles(): RequestHandler {
  return pageContentSecurityPolicy({ inlineStyles: true });
}

/**
 * The policy of a client's pages, widened only as far as the page needs: inline styles (above), and
 * `connect-src` to exactly the origins given besides its own (the web client's certificate sign-in
 * calls the EKey agent on the user's loopback address, issue 15), and `img-src` to the origins of
 * `imagesFrom` (the bureau's emblem, issue 17). Scripts stay `'self'` only.
 */
export function pageContentSecurityPolicy(options: {
  inlineStyles?: boolean;
  connectTo?: readonly string[];
  imagesFrom?: readonly string[];
}): RequestHandler {
  return contentSecurityPolicy({
    useDefaults: false,
    directives: {
      ...contentSecurityDirectives,
      'connect-src': ["'self'", ...(options.connectTo ?? []).map((url) => new URL(url).origin)],
      'img-src': [
        ...contentSecurityDirectives['img-src'],
        ...(options.imagesFrom ?? []).map((url) => new URL(url).origin),
      ],
      ...(options.inlineStyles ? { 'style-src': ["'self'", "'unsafe-inline'"] } : {}),
    },
  });
}

/** `Strict-Transport-Security` on answers to requests that came over HTTPS: a year, subdomains included. */
export const strictTransportSecurity = `max-age=${365 * 24 * 60 * 60}; includeSubDomains`;

/**
 * helmet on every process: the strict policy above, `X-Content-Type-Options: nosniff`,
 * `X-Frame-Options: DENY`, `Referrer-Policy: no-referrer` and the cross-origin isolation headers;
 * HSTS only on a request that came over HTTPS (`req.secure`, which honours `trust proxy` and
 * `X-Forwarded-Proto` from a trusted proxy), since a browser ignores it over plain HTTP anyway and a
 * development machine on http://127.0.0.1 must not be pinned to HTTPS.
 */
export function securityHeaders(): RequestHandler[] {
  return [
    helmet(helmetOptions),
    (req: Request, res: Response, next: NextFunction) => {
      if (req.secure) res.setHeader('Strict-Transport-Security', strictTransportSecurity);
      next();
    },
  ];
}

const helmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: contentSecurityDirectives },
  xFrameOptions: { action: 'deny' },
  strictTransportSecurity: false,
} as const;

/**
 * The headers `securityHeaders()` sets on a response over plain HTTP, as name and value one after the
 * other (`res.writeHead`'s raw form): for a hot path answered before Express (the OCSP responder), which
 * sends them from this list instead of running helmet on every request.
 */
export function plainHttpSecurityHeaders(): string[] {
  const headers: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string | number) => void headers.push(name, String(value)),
    removeHeader: () => undefined,
  };
  helmet(helmetOptions)({} as Request, recorder as unknown as Response, () => undefined);
  return headers;
}
