import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Config } from '../config/config';
import { messageFor } from '../errors/catalogue';
import { negotiateLocale } from '../errors/locale';
import { sendGraphqlErrors } from './graphql-response';

/**
 * Who may read `/metrics`: with `METRICS_TOKEN` set, only a scraper presenting it as a bearer
 * token; without it, anyone outside production, and nobody in production (the route is not
 * served at all: a public port must not tell the world the platform's traffic and internals).
 */
export function metricsAccess(config: Config) {
  const expected = config.metricsToken ? Buffer.from(`Bearer ${config.metricsToken}`) : undefined;
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!expected) {
      next(config.env === 'production' ? 'route' : undefined);
      return;
    }
    const given = Buffer.from(req.header('authorization') ?? '');
    if (given.length === expected.length && timingSafeEqual(given, expected)) {
      next();
      return;
    }
    const locale = negotiateLocale(req.header('accept-language'), config.defaultLocale);
    res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
    sendGraphqlErrors(req, res, 401, [
      { message: messageFor('UNAUTHENTICATED', locale), extensions: { code: 'UNAUTHENTICATED' } },
    ]);
  };
}
