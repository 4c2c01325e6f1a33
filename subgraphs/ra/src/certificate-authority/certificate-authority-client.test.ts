import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig, Tracing } from '@tessera/kit';
import { classifyAnswer } from '../outbox/ca-answer';
import { askCertificateAuthority } from './ask';
import { GraphqlCertificateAuthority } from './certificate-authority-client';

describe("the RA's calls to the certificate subgraph (issue 13, item 4)", () => {
  let server: http.Server;
  let url: string;

  beforeAll(async () => {
    // A certificate subgraph that takes the call and never answers.
    server = http.createServer((req) => req.resume());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });

  afterAll(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );

  it('give up after SERVICE_CALL_TIMEOUT_MS: a clerk gets SERVICE_UNAVAILABLE, the outbox retries later', async () => {
    const { serviceCallTimeoutMs } = loadConfig({ SERVICE_CALL_TIMEOUT_MS: '200' }).runtime;
    const authority = new GraphqlCertificateAuthority(
      url,
      { token: async () => 'service-token' },
      Tracing.off(),
      serviceCallTimeoutMs,
    );
    const started = Date.now();
    await expect(
      askCertificateAuthority(() => authority.validity('6f1c9a5e-2b1d-4c8e-9a51-000000000001')),
    ).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(2_000);

    const failure = await authority.revoke('6f1c9a5e-2b1d-4c8e-9a51-000000000001', 'KEY_COMPROMISE').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(classifyAnswer('revoke_certificate', failure)).toEqual({ outcome: 'retry', code: null });
  });
});
