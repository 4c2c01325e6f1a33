import express from 'express';
import type { Config } from '../config/config';
import { messageFor } from '../errors/catalogue';
import { negotiateLocale } from '../errors/locale';
import type { Logger } from '../log/logger';
import { finishApp, type Listening, listen } from './http';
import type { Metrics } from './metrics';
import { metricsAccess } from './metrics-access';

/** A process's management port: its HTTP port plus `METRICS_PORT_OFFSET`; on a free port (0), a free one too. */
export function managementPort(config: Config, publicPort: number): number {
  return publicPort === 0 ? 0 : publicPort + config.metricsPortOffset;
}

/**
 * The management port of a process: `/metrics` alone, apart from the public port, so a load
 * balancer exposing the service does not expose its metrics.
 */
export async function serveMetrics(config: Config, metrics: Metrics, port: number, log: Logger): Promise<Listening> {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', metricsAccess(config), async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  finishApp(app, log, (code, req) =>
    messageFor(code, negotiateLocale(req.header('accept-language'), config.defaultLocale)),
  );
  return listen(app, config.host, port, log);
}
