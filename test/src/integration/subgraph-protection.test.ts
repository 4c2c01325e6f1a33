import { GatewayAssertion, gatewayAssertionHeader } from '@tessera/kit';
import { SignJWT } from 'jose';
import { graphql, startTestPlatform, type TestPlatform } from '../harness/platform';

/**
 * A subgraph reached directly, not through the gateway, is no softer target (issue 11, item 4):
 * it believes no X-Forwarded-For, only the gateway's signed assertion of the client's address; it
 * enforces the gateway's operation limits itself; and with trusted operations on (production) it
 * serves only the gateway and Tessera services.
 */

const secret = 'the-gateway-assertion-secret-of-this-test';
const statusQuery = 'query Status { certificateStatus(subject: "nobody at all") { total } }';

async function statusCode(url: string, headers: Record<string, string>): Promise<string | undefined> {
  const response = await graphql(url, statusQuery, { headers });
  return response.body.errors?.[0]?.extensions?.code as string | undefined;
}

describe('a subgraph reached directly, trusted operations off', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startTestPlatform({
      GATEWAY_ASSERTION_SECRET: secret,
      CERTIFICATE_STATUS_RATE_LIMIT: '3',
      TRUST_PROXY: 'loopback',
    });
  });

  afterAll(() => platform?.stop());

  it('keys the public status query limit (CT-2) on the socket address: a spoofed X-Forwarded-For does not move it', async () => {
    const spoofed = (i: number) => ({ 'x-forwarded-for': `203.0.113.${i}` });
    for (const i of [1, 2, 3]) expect(await statusCode(platform.certificate.url, spoofed(i))).toBeUndefined();
    expect(await statusCode(platform.certificate.url, spoofed(4))).toBe('CERTIFICATE_STATUS_RATE_LIMITED');
  });

  it("keys it on the client the gateway asserts, which the gateway's trust proxy lets it know", async () => {
    const client = { 'x-forwarded-for': '198.51.100.1' };
    for (const _ of [1, 2, 3]) expect(await statusCode(platform.gateway.url, client)).toBeUndefined();
    expect(await statusCode(platform.gateway.url, client)).toBe('CERTIFICATE_STATUS_RATE_LIMITED');
    expect(await statusCode(platform.gateway.url, { 'x-forwarded-for': '198.51.100.2' })).toBeUndefined();
  });

  it('takes the client address from a valid assertion of the gateway', async () => {
    const assertion = new GatewayAssertion(secret);
    const asserted = async (requestId: string) => ({
      'x-request-id': requestId,
      [gatewayAssertionHeader]: await assertion.sign({ requestId, clientAddress: '192.0.2.77' }),
    });
    for (const i of [1, 2, 3]) {
      expect(await statusCode(platform.certificate.url, await asserted(`asserted-${i}-0000`))).toBeUndefined();
    }
    expect(await statusCode(platform.certificate.url, await asserted('asserted-4-0000'))).toBe(
      'CERTIFICATE_STATUS_RATE_LIMITED',
    );
  });

  it('refuses a forged, an expired or a replayed assertion with a typed 401', async () => {
    const requestId = 'replay-test-0001';
    const now = Math.floor(Date.now() / 1000);
    const token = (key: string, claims: { iat: number; exp: number; rid: string }) =>
      new SignJWT({ rid: claims.rid, addr: '192.0.2.1' })
        .setProtectedHeader({ alg: 'HS256', typ: 'tessera-gateway+jwt' })
        .setIssuer('urn:tessera:gateway')
        .setAudience('urn:tessera:subgraphs')
        .setIssuedAt(claims.iat)
        .setExpirationTime(claims.exp)
        .sign(new TextEncoder().encode(key));
    const cases = {
      forged: await token('some-other-secret-nobody-configured', { iat: now, exp: now + 30, rid: requestId }),
      expired: await token(secret, { iat: now - 120, exp: now - 90, rid: requestId }),
      'of another request': await token(secret, { iat: now, exp: now + 30, rid: 'another-request-01' }),
      'not a JWS': 'gateway',
    };
    for (const [name, assertion] of Object.entries(cases)) {
      const response = await graphql(platform.identity.url, '{ __typename }', {
        headers: { 'x-request-id': requestId, [gatewayAssertionHeader]: assertion, 'accept-language': 'en' },
      });
      expect({ name, status: response.status, error: response.body.errors?.[0] }).toEqual({
        name,
        status: 401,
        error: {
          message: 'The gateway assertion of this request is forged or expired',
          extensions: { code: 'GATEWAY_ASSERTION_INVALID' },
        },
      });
    }
    const valid = await token(secret, { iat: now, exp: now + 30, rid: requestId });
    const response = await graphql(platform.identity.url, '{ __typename }', {
      headers: { 'x-request-id': requestId, [gatewayAssertionHeader]: valid },
    });
    expect(response.body).toEqual({ data: { __typename: 'Query' } });
  });

  describe.each(['identity', 'certificate', 'ra'] as const)('the %s subgraph enforces the operation limits', (name) => {
    const refusal = async (query: string) => {
      const response = await graphql(platform[name].url, query);
      return { status: response.status, errors: response.body.errors?.map((e) => e.extensions) };
    };

    it('depth', async () => {
      const deep = `{ ${'a { '.repeat(200)}b${' }'.repeat(200)} }`;
      const { status, errors } = await refusal(deep);
      expect(status).toBe(400);
      expect(errors).toContainEqual({ code: 'OPERATION_LIMIT_EXCEEDED', limit: 'depth', max: 12 });
    });

    it('aliases', async () => {
      const aliases = Array.from({ length: 3000 }, (_, i) => `a${i}: __typename`).join(' ');
      expect(await refusal(`{ ${aliases} }`)).toEqual({
        status: 400,
        errors: [{ code: 'OPERATION_LIMIT_EXCEEDED', limit: 'tokens', max: 2000 }],
      });
      // graphql-armor lets `__typename` aliases through (query planners write them): alias a field.
      const fewer = Array.from({ length: 21 }, (_, i) => `a${i}: _service { sdl }`).join(' ');
      const { status, errors } = await refusal(`{ ${fewer} }`);
      expect(status).toBe(400);
      expect(errors).toContainEqual({ code: 'OPERATION_LIMIT_EXCEEDED', limit: 'aliases', max: 20 });
    });

    it('cost', async () => {
      const nested = (depth: number): string => (depth === 0 ? 'b' : `a { ${nested(depth - 1)} c d e f g }`);
      const wide = Array.from({ length: 19 }, (_, i) => `x${i}: ${nested(10)}`).join(' ');
      const { status, errors } = await refusal(`{ ${wide} }`);
      expect(status).toBe(400);
      expect(errors).toContainEqual({ code: 'OPERATION_LIMIT_EXCEEDED', limit: 'cost', max: 5000 });
    });

    it('directives', async () => {
      const { status, errors } = await refusal(`{ __typename ${'@include(if: true) '.repeat(51)}}`);
      expect(status).toBe(400);
      expect(errors).toContainEqual({ code: 'OPERATION_LIMIT_EXCEEDED', limit: 'directives', max: 50 });
    });

    it('tokens', async () => {
      expect(await refusal(`{ ${'__typename '.repeat(2001)}}`)).toEqual({
        status: 400,
        errors: [{ code: 'OPERATION_LIMIT_EXCEEDED', limit: 'tokens', max: 2000 }],
      });
    });
  });
});

describe('a subgraph reached directly, trusted operations on (production)', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startTestPlatform({ TRUSTED_OPERATIONS: 'true' });
  });

  afterAll(() => platform?.stop());

  it('refuses anonymous callers, citizens and staff that are not the gateway', async () => {
    const citizen = await platform.token({ subject: 'citizen-1', kind: 'citizen' });
    const administrator = await platform.token({ subject: 'staff-1', kind: 'staff', roles: ['ADMINISTRATOR'] });
    for (const name of ['identity', 'certificate', 'ra'] as const) {
      for (const token of [undefined, citizen, administrator]) {
        const response = await graphql(platform[name].url, statusQuery, {
          token,
          headers: { 'x-forwarded-for': '127.0.0.1', 'accept-language': 'en' },
        });
        expect({ name, status: response.status, code: response.body.errors?.[0]?.extensions?.code }).toEqual({
          name,
          status: 403,
          code: 'GATEWAY_REQUIRED',
        });
      }
    }
  });

  it('serves Tessera services (the RA calling the certificate subgraph) and the gateway', async () => {
    const ra = await platform.token({ subject: 'ra', kind: 'service' });
    const direct = await graphql(platform.certificate.url, statusQuery, { token: ra });
    expect(direct.body).toEqual({ data: { certificateStatus: { total: 0 } } });
    const administrator = await platform.token({ subject: 'staff-1', kind: 'staff', roles: ['ADMINISTRATOR'] });
    const viaGateway = await graphql(platform.gateway.url, statusQuery, { token: administrator });
    expect(viaGateway.body).toEqual({ data: { certificateStatus: { total: 0 } } });
  });
});
