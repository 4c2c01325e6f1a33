import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Locale } from '../config/config';
import { negotiateLocale } from '../errors/locale';
import type { Logger } from '../log/logger';

/** What every piece of code running for one HTTP request may know about it. */
export interface RequestScope {
  requestId: string;
  locale: Locale;
  log: Logger;
  /** SQL statements this request has sent so far (counted by the ORM; logged per request). */
  sqlStatements: number;
}

const storage = new AsyncLocalStorage<RequestScope>();

export const requestIdHeader = 'x-request-id';
const validRequestId = /^[A-Za-z0-9._:-]{8,128}$/;

/** The scope of the request being served, if any. */
export function currentScope(): RequestScope | undefined {
  return storage.getStore();
}

/**
 * Express middleware: adopts the caller's request id when it is well formed (the gateway
 * creates it; subgraphs receive it), otherwise makes one; negotiates the locale; and runs the
 * rest of the request inside the scope so logs and errors find both.
 */
export function requestScope(baseLog: Logger, defaultLocale: Locale) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const incoming = req.header(requestIdHeader);
    const requestId = incoming && validRequestId.test(incoming) ? incoming : randomUUID();
    const locale = negotiateLocale(req.header('accept-language'), defaultLocale);
    res.setHeader(requestIdHeader, requestId);
    storage.run({ requestId, locale, log: baseLog.child({ requestId }), sqlStatements: 0 }, next);
  };
}

/** Runs `fn` in a scope of its own: for jobs and tests outside any HTTP request. */
export function withScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}
