import { loadConfig } from '../config/config';
import { GatewayAssertion } from './gateway-assertion';

describe('the gateway assertion (issue 11, item 4)', () => {
  const assertion = new GatewayAssertion('a-secret-of-at-least-32-characters-0001');

  it('carries the client address and the request id to a subgraph that shares the secret', async () => {
    const token = await assertion.sign({ requestId: 'request-0001', clientAddress: '203.0.113.9' });
    await expect(assertion.verify(token, 'request-0001')).resolves.toEqual({
      requestId: 'request-0001',
      clientAddress: '203.0.113.9',
    });
  });

  it('is refused for another request, or by a subgraph with another secret', async () => {
    const token = await assertion.sign({ requestId: 'request-0001' });
    await expect(assertion.verify(token, 'request-0002')).rejects.toMatchObject({ code: 'GATEWAY_ASSERTION_INVALID' });
    const other = new GatewayAssertion('another-secret-of-at-least-32-characters');
    await expect(other.verify(token, 'request-0001')).rejects.toMatchObject({ code: 'GATEWAY_ASSERTION_INVALID' });
  });

  it('is required in production and optional elsewhere', () => {
    expect(() => GatewayAssertion.fromConfig(loadConfig({ NODE_ENV: 'production' }))).toThrow(
      /GATEWAY_ASSERTION_SECRET is required in production/,
    );
    expect(GatewayAssertion.fromConfig(loadConfig({ NODE_ENV: 'development' }))).toBeUndefined();
    expect(() => loadConfig({ GATEWAY_ASSERTION_SECRET: 'too short' })).toThrow(/GATEWAY_ASSERTION_SECRET/);
  });
});
