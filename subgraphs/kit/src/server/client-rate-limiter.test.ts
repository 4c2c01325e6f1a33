import { ClientRateLimiter } from './client-rate-limiter';

describe('per-client rate limit', () => {
  it('counts each client address on its own and refuses the one over budget with a retry delay', async () => {
    const limiter = new ClientRateLimiter({ requests: 2, windowSeconds: 60, code: 'CERTIFICATE_STATUS_RATE_LIMITED' });
    await limiter.consume('10.0.0.1');
    await limiter.consume('10.0.0.1');
    await expect(limiter.consume('10.0.0.1')).rejects.toMatchObject({
      code: 'CERTIFICATE_STATUS_RATE_LIMITED',
      extensions: { retryAfterSeconds: expect.any(Number) },
    });
    await expect(limiter.consume('10.0.0.2')).resolves.toBeUndefined();
  });
});
