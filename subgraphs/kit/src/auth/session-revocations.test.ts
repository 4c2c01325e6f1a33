import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { RemoteRevocations, type RevokedSessionList, revokedSessionsUrl } from './session-revocations';
import { TokenVerifier } from './token-verifier';

/** A stand-in for identity's `/sessions/revoked`, counting fetches and answering 304 to a known ETag. */
async function listServer(list: RevokedSessionList) {
  const state = { list, fetches: 0, failing: false };
  const server: Server = createServer((req, res) => {
    state.fetches += 1;
    if (state.failing) return res.writeHead(500).end();
    const etag = `"${JSON.stringify(state.list).length}-${state.list.revoked.map((r) => r.sid).join()}"`;
    if (req.headers['if-none-match'] === etag) return res.writeHead(304).end();
    res.writeHead(200, { 'content-type': 'application/json', etag }).end(JSON.stringify(state.list));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/sessions/revoked`);
  return { state, url, close: () => new Promise((resolve) => server.close(resolve)) };
}

const later = () => new Date(Date.now() + 60_000).toISOString();

describe('ended sessions in the token verifier', () => {
  it('publishes the list beside the JWKS', () => {
    expect(revokedSessionsUrl('http://id.internal:4001/.well-known/jwks.json').toString()).toBe(
      'http://id.internal:4001/sessions/revoked',
    );
  });

  it('fetches at most once per interval, keeps the last list when identity cannot answer, drops expired entries', async () => {
    const server = await listServer({ revoked: [{ sid: 'a', until: later() }] });
    try {
      // A generous fetch timeout: the machine running the tests may be busy.
      const revocations = new RemoteRevocations({ url: server.url, refreshMs: 600, timeoutMs: 5_000 });
      await expect(Promise.all([revocations.isRevoked('a'), revocations.isRevoked('b')])).resolves.toEqual([
        true,
        false,
      ]);
      expect(server.state.fetches).toBe(1);
      server.state.list = {
        revoked: [
          { sid: 'a', until: later() },
          { sid: 'b', until: later() },
          { sid: 'gone', until: new Date(Date.now() - 1).toISOString() },
        ],
      };
      expect(await revocations.isRevoked('b')).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 620));
      expect(await revocations.isRevoked('b')).toBe(true);
      expect(await revocations.isRevoked('gone')).toBe(false);
      expect(server.state.fetches).toBe(2);
      server.state.failing = true;
      await new Promise((resolve) => setTimeout(resolve, 620));
      expect(await revocations.isRevoked('b')).toBe(true);
      expect(server.state.fetches).toBe(3);
    } finally {
      await server.close();
    }
  });

  it('with everyRequest (the gateway), checks each token against a list fetched after it arrived; tokens arriving together share a fetch', async () => {
    const server = await listServer({ revoked: [] });
    try {
      const revocations = new RemoteRevocations({ url: server.url, refreshMs: 60_000, everyRequest: true });
      expect(await revocations.isRevoked('a')).toBe(false);
      // Ended just now: the very next check knows, though the list is far younger than refreshMs.
      server.state.list = { revoked: [{ sid: 'a', until: later() }] };
      expect(await revocations.isRevoked('a')).toBe(true);
      expect(server.state.fetches).toBe(2);
      const together = await Promise.all(Array.from({ length: 20 }, (_, i) => revocations.isRevoked(i ? 'b' : 'a')));
      expect(together.filter(Boolean)).toHaveLength(1);
      expect(server.state.fetches).toBeLessThanOrEqual(4);
      // While identity cannot answer, the last list is used, and asked again only after refreshMs.
      server.state.failing = true;
      const failingSince = server.state.fetches;
      expect(await revocations.isRevoked('a')).toBe(true);
      expect(await revocations.isRevoked('a')).toBe(true);
      expect(server.state.fetches).toBe(failingSince + 1);
    } finally {
      await server.close();
    }
  });

  it('refuses a token of an ended session with SESSION_ENDED (401); tokens without a session are not looked up', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k', alg: 'ES256' };
    const asked: string[] = [];
    const verifier = new TokenVerifier({
      issuer: 'urn:i',
      audience: 'urn:a',
      keys: { keys: [jwk] },
      revocations: {
        isRevoked: async (sid) => {
          asked.push(sid);
          return sid === 'ended';
        },
      },
    });
    const token = (claims: Record<string, unknown>) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: 'k' })
        .setIssuer('urn:i')
        .setAudience('urn:a')
        .setSubject('u1')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);
    await expect(verifier.verify(await token({ kind: 'citizen', sid: 'ended' }))).rejects.toMatchObject({
      extensions: { code: 'SESSION_ENDED', http: { status: 401 } },
    });
    await expect(verifier.verify(await token({ kind: 'citizen', sid: 'open' }))).resolves.toMatchObject({
      sessionId: 'open',
    });
    await expect(verifier.verify(await token({ kind: 'service' }))).resolves.toMatchObject({ kind: 'service' });
    expect(asked).toEqual(['ended', 'open']);
  });
});
