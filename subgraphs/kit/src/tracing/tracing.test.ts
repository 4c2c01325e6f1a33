import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../config/config';
import { Tracing } from './tracing';

/** Issue 13 item 5: the standard OTEL_* variables, read by the configuration module, and what on and off mean. */
describe('tracing configuration', () => {
  it('is off without an OTLP endpoint', () => {
    const config = loadConfig({ NODE_ENV: 'test' });
    expect(config.tracing).toBeUndefined();
    expect(Tracing.start('identity', config).enabled).toBe(false);
  });

  it('posts traces to OTEL_EXPORTER_OTLP_ENDPOINT/v1/traces, or to the traces endpoint, with the headers and ratio given', () => {
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracing).toEqual({
      url: 'http://collector:4318/v1/traces',
      headers: {},
      sampleRatio: 1,
    });
    expect(
      loadConfig({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:4318/custom',
        OTEL_EXPORTER_OTLP_HEADERS: 'api-key=a%20b, tenant=tessera',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
      }).tracing,
    ).toEqual({
      url: 'http://traces:4318/custom',
      headers: { 'api-key': 'a b', tenant: 'tessera' },
      sampleRatio: 0.25,
    });
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_HEADERS: 'no pairs here' })).toThrow(/OTEL_EXPORTER_OTLP_HEADERS/);
    expect(() => loadConfig({ OTEL_TRACES_SAMPLER_ARG: '2' })).toThrow(/OTEL_TRACES_SAMPLER_ARG/);
  });
});

describe('a traced call', () => {
  it('carries a W3C traceparent when on, and none when off', async () => {
    const seen: (string | undefined)[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.headers.traceparent as string | undefined);
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const on = Tracing.start('ra', loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' }));
    try {
      await Tracing.off().fetch('certificate', 5_000)(url);
      await on.fetch('certificate', 5_000)(url);
      expect(seen[0]).toBeUndefined();
      expect(seen[1]).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    } finally {
      server.close();
      await on.close().catch(() => undefined);
    }
  });
});
