import { execFileSync } from 'node:child_process';
import { verify, X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { maxPinFailures } from './protocol';
import { agentRefusal, type RunningAgent, startAgent } from './testing/agent-process';
import { createTestEKey, softHsmModule, softHsmToolsAvailable, type TestEKey } from './testing/softhsm-ekey';

const pin = 'Tessera-2718';
const wrongPin = 'wrong-3141';
const webOrigin = 'https://tessera.example.gov.cn';
const otherOrigin = 'https://evil.example.com';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown> & { error?: Record<string, unknown> };
}

/** A request as a browser page or a local tool sends it, with every header under the test's control. */
function call(
  agent: RunningAgent,
  method: string,
  pathname: string,
  options: { headers?: Record<string, string>; body?: string | object } = {},
): Promise<Answer> {
  const body = typeof options.body === 'object' ? JSON.stringify(options.body) : options.body;
  const headers: Record<string, string> = {
    ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    ...options.headers,
  };
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: '127.0.0.1', port: agent.port, method, path: pathname, headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text ? JSON.parse(text) : {} });
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

function sign(agent: RunningAgent, certificateId: string, data: Buffer, withPin: string, origin = webOrigin) {
  return call(agent, 'POST', '/v1/sign', {
    headers: { origin },
    body: { certificateId, data: data.toString('base64'), pin: withPin },
  });
}

const describeWithSoftHsm = softHsmToolsAvailable() ? describe : describe.skip;

describeWithSoftHsm('the reference EKey agent on a SoftHSM token', () => {
  let ekey: TestEKey;
  let agent: RunningAgent;
  const challenge = Buffer.from('tessera sign-in challenge 6f1c9a0e4b2d47d8a3e5', 'utf8');

  beforeAll(async () => {
    ekey = createTestEKey(pin);
    agent = await startAgent({
      ...ekey.env,
      EKEY_AGENT_PKCS11_MODULE: softHsmModule,
      EKEY_AGENT_ALLOWED_ORIGINS: `${webOrigin},http://127.0.0.1:4000`,
    });
  });

  afterAll(async () => {
    await agent?.stop();
    ekey?.remove();
  });

  test('GET /v1/status names the agent, and the token by label and serial number', async () => {
    const answer = await call(agent, 'GET', '/v1/status', { headers: { origin: webOrigin } });
    expect(answer.status).toBe(200);
    expect(answer.body.agent).toEqual({ name: 'tessera-ekey-agent', version: '0.1.0', protocol: 'v1' });
    expect(answer.body.token).toMatchObject({
      present: true,
      label: ekey.tokenLabel,
      serialNumber: expect.stringMatching(/^\w+$/),
      pinLocked: false,
      remainingAttempts: maxPinFailures,
    });
  });

  test('GET /v1/certificates lists the certificates on the token with their key ids, without a PIN', async () => {
    const answer = await call(agent, 'GET', '/v1/certificates', { headers: { origin: webOrigin } });
    expect(answer.status).toBe(200);
    const listed = answer.body.certificates as { id: string; certificate: string; subject: string }[];
    const byId = Object.fromEntries(listed.map((entry) => [entry.id, entry]));
    expect(Object.keys(byId).sort()).toEqual(['01', '02', '03']);
    expect(Buffer.from(byId['01']?.certificate ?? '', 'base64')).toEqual(ekey.certificates.rsa.der);
    expect(Buffer.from(byId['02']?.certificate ?? '', 'base64')).toEqual(ekey.certificates.ec.der);
    expect(byId['01']).toMatchObject({
      label: 'rsa',
      keyAlgorithm: 'rsa 2048',
      signatureAlgorithm: 'sha256WithRSAEncryption',
    });
    expect(byId['02']).toMatchObject({
      label: 'ec',
      keyAlgorithm: 'ec prime256v1',
      signatureAlgorithm: 'ecdsa-with-SHA256',
    });
    expect(byId['01']?.subject).toContain('参保单位测试 RSA');
  });

  test.each([
    ['RSA-2048, PKCS#1 v1.5 with SHA-256', 'rsa', 'sha256WithRSAEncryption', '1.2.840.113549.1.1.11'],
    ['P-256, ECDSA with SHA-256 as DER', 'ec', 'ecdsa-with-SHA256', '1.2.840.10045.4.3.2'],
  ] as const)(
    'POST /v1/sign signs with the %s key: node:crypto and openssl dgst -verify accept it',
    async (_name, key, algorithm, oid) => {
      const certificate = ekey.certificates[key];
      const answer = await sign(agent, certificate.id, challenge, pin);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        algorithm,
        algorithmOid: oid,
        certificate: certificate.der.toString('base64'),
      });
      const signature = Buffer.from(answer.body.signature as string, 'base64');
      const publicKey = new X509Certificate(certificate.der).publicKey;
      expect(verify('sha256', challenge, publicKey, signature)).toBe(true);
      expect(verify('sha256', Buffer.from('another challenge'), publicKey, signature)).toBe(false);

      const files = Object.fromEntries(
        ['data', 'signature', 'key.pem'].map((name) => [name, path.join(ekey.dir, `${key}-${name}`)]),
      );
      writeFileSync(files.data as string, challenge);
      writeFileSync(files.signature as string, signature);
      writeFileSync(files['key.pem'] as string, publicKey.export({ type: 'spki', format: 'pem' }));
      const openssl = execFileSync(
        'openssl',
        [
          'dgst',
          '-sha256',
          '-verify',
          files['key.pem'] as string,
          '-signature',
          files.signature as string,
          files.data as string,
        ],
        { encoding: 'utf8' },
      );
      expect(openssl.trim()).toBe('Verified OK');
    },
  );

  test('CT-6: an unknown key id is no certificate selected (-10101011), a certificate without its key is -10101042', async () => {
    const unknown = await sign(agent, 'ff00', challenge, pin);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'CERTIFICATE_NOT_FOUND', clientCode: '-10101011', rule: 'CT-6' });
    expect(unknown.body.error?.pinAttempt).toBeUndefined();
    const messages = unknown.body.error?.messages as Record<string, string>;
    expect(unknown.body.error?.message).toBe(messages['zh-CN']);
    expect(messages.en).toContain('not on the EKey');

    const orphan = await sign(agent, ekey.certificates.orphan.id, challenge, pin);
    expect(orphan.status).toBe(404);
    expect(orphan.body.error).toMatchObject({
      code: 'KEY_NOT_FOUND',
      clientCode: '-10101042',
      pinAttempt: { correct: true, remainingAttempts: maxPinFailures, locked: false },
    });
  });

  test.each([
    ['bad JSON', { body: '{"certificateId": "01", ' }, 400, 'BAD_JSON'],
    ['bad base64', { body: { certificateId: '01', data: 'not*base64!', pin } }, 400, 'BAD_BASE64'],
    ['a key id that is not hexadecimal', { body: { certificateId: 'rsa', data: 'AAAA', pin } }, 400, 'BAD_REQUEST'],
    ['no PIN', { body: { certificateId: '01', data: 'AAAA' } }, 400, 'BAD_REQUEST'],
    ['an unknown field', { body: { certificateId: '01', data: 'AAAA', pin, hash: 'sha1' } }, 400, 'BAD_REQUEST'],
    ['a JSON array', { body: '[]' }, 400, 'BAD_REQUEST'],
    [
      'more data than a challenge',
      { body: { certificateId: '01', data: Buffer.alloc(1025).toString('base64'), pin } },
      413,
      'DATA_TOO_LARGE',
    ],
    ['a body over 8 KiB', { body: { certificateId: '01', data: 'A'.repeat(9000), pin } }, 413, 'BODY_TOO_LARGE'],
    [
      'a form post (text/plain)',
      { body: 'x', headers: { 'content-type': 'text/plain' } },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
  ] as const)('POST /v1/sign with %s is a typed error, never a 500', async (_name, options, status, code) => {
    const answer = await call(agent, 'POST', '/v1/sign', {
      body: options.body,
      headers: {
        origin: webOrigin,
        'accept-language': 'en-US,en;q=0.9',
        ...('headers' in options ? options.headers : {}),
      },
    });
    expect(answer.status).toBe(status);
    expect(answer.body.error).toMatchObject({ code });
    const error = answer.body.error as { message: string; messages: Record<string, string> };
    expect(error.message).toBe(error.messages.en);
    expect(error.messages['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
    expect(answer.headers['access-control-allow-origin']).toBe(webOrigin);
  });

  test('a challenge of the largest size is signed', async () => {
    const answer = await sign(agent, '02', Buffer.alloc(1024, 7), pin);
    expect(answer.status).toBe(200);
  });

  test('unknown endpoints and methods are typed errors', async () => {
    expect((await call(agent, 'GET', '/v2/status')).body.error).toMatchObject({ code: 'NOT_FOUND' });
    const wrongMethod = await call(agent, 'GET', '/v1/sign');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('POST');
    expect(wrongMethod.body.error).toMatchObject({ code: 'METHOD_NOT_ALLOWED' });
  });

  test('CORS: a configured origin gets its own origin back, and the Private Network Access header on preflight', async () => {
    const preflight = await call(agent, 'OPTIONS', '/v1/sign', {
      headers: {
        origin: webOrigin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
        'access-control-request-private-network': 'true',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers).toMatchObject({
      'access-control-allow-origin': webOrigin,
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': 'Content-Type, Accept-Language',
      'access-control-allow-private-network': 'true',
    });
    expect(preflight.headers.vary).toContain('Origin');
    expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();

    const read = await call(agent, 'GET', '/v1/certificates', { headers: { origin: webOrigin } });
    expect(read.headers['access-control-allow-origin']).toBe(webOrigin);
    const tool = await call(agent, 'GET', '/v1/status');
    expect(tool.status).toBe(200);
    expect(tool.headers['access-control-allow-origin']).toBeUndefined();
  });

  test.each([otherOrigin, `${webOrigin}/`, webOrigin.toUpperCase(), 'http://tessera.example.gov.cn', 'null'])(
    'CORS: the origin %s is refused, on preflight and on every request, and spends no PIN attempt',
    async (origin) => {
      const preflight = await call(agent, 'OPTIONS', '/v1/sign', {
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-private-network': 'true' },
      });
      expect(preflight.status).toBe(403);
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      expect(preflight.headers['access-control-allow-private-network']).toBeUndefined();

      const read = await call(agent, 'GET', '/v1/certificates', { headers: { origin } });
      expect(read.status).toBe(403);
      expect(read.body.error).toMatchObject({ code: 'ORIGIN_NOT_ALLOWED', origin });
      expect(read.headers['access-control-allow-origin']).toBeUndefined();

      const signing = await sign(agent, '01', challenge, wrongPin, origin);
      expect(signing.body.error).toMatchObject({ code: 'ORIGIN_NOT_ALLOWED' });
      const status = await call(agent, 'GET', '/v1/status');
      expect(status.body.token).toMatchObject({ remainingAttempts: maxPinFailures });
    },
  );

  test('a request addressed to another host name (DNS rebinding) is refused', async () => {
    const rebound = await call(agent, 'GET', '/v1/certificates', {
      headers: { host: `evil.example.com:${agent.port}` },
    });
    expect(rebound.status).toBe(403);
    expect(rebound.body.error).toMatchObject({ code: 'HOST_NOT_ALLOWED' });
    const otherPort = await call(agent, 'GET', '/v1/status', { headers: { host: '127.0.0.1:1' } });
    expect(otherPort.body.error).toMatchObject({ code: 'HOST_NOT_ALLOWED' });
    expect((await call(agent, 'GET', '/v1/status', { headers: { host: `localhost:${agent.port}` } })).status).toBe(200);
  });

  test('CT-3: a wrong PIN counts and says how many attempts are left, a right PIN resets the count, the fifth wrong PIN in a row locks', async () => {
    // An agent of its own: the lock would otherwise stop the other tests signing.
    const locking = await startAgent({ ...ekey.env, EKEY_AGENT_ALLOWED_ORIGINS: webOrigin });
    try {
      const status = await call(locking, 'GET', '/v1/status');
      const serial = (status.body.token as { serialNumber: string }).serialNumber;

      for (const remaining of [4, 3, 2, 1]) {
        const answer = await sign(locking, '01', challenge, wrongPin);
        expect(answer.status).toBe(403);
        expect(answer.body.error).toMatchObject({
          code: 'PIN_INCORRECT',
          rule: 'CT-3',
          remainingAttempts: remaining,
          ekeySerial: serial,
          pinAttempt: { ekeySerial: serial, correct: false, remainingAttempts: remaining, locked: false },
        });
      }
      const right = await sign(locking, '01', challenge, pin);
      expect(right.status).toBe(200);
      expect(right.body.pinAttempt).toEqual({ ekeySerial: serial, correct: true, remainingAttempts: 5, locked: false });

      for (const remaining of [4, 3, 2, 1]) {
        expect((await sign(locking, '02', challenge, wrongPin)).body.error).toMatchObject({
          remainingAttempts: remaining,
        });
      }
      const fifth = await sign(locking, '02', challenge, wrongPin);
      expect(fifth.status).toBe(423);
      expect(fifth.body.error).toMatchObject({
        code: 'PIN_LOCKED',
        rule: 'CT-3',
        pinAttempt: { ekeySerial: serial, correct: false, remainingAttempts: 0, locked: true },
      });
      expect((fifth.body.error as { messages: Record<string, string> }).messages['zh-CN']).toContain('锁死');

      // Locked: even the right PIN is refused without asking the token, so there is no attempt to report.
      const afterLock = await sign(locking, '01', challenge, pin);
      expect(afterLock.status).toBe(423);
      expect(afterLock.body.error).toMatchObject({ code: 'PIN_LOCKED', ekeySerial: serial });
      expect(afterLock.body.error?.pinAttempt).toBeUndefined();
      expect((await call(locking, 'GET', '/v1/status')).body.token).toMatchObject({
        pinLocked: true,
        remainingAttempts: 0,
      });
      expect((await call(locking, 'GET', '/v1/certificates')).status).toBe(200);
      expect(locking.output()).not.toContain(pin);
      expect(locking.output()).not.toContain(wrongPin);
    } finally {
      await locking.stop();
    }
  });

  test('CT-6: without the token, status says so and certificates and signing answer -10101011', async () => {
    const absent = await startAgent({
      ...ekey.env,
      EKEY_AGENT_ALLOWED_ORIGINS: webOrigin,
      EKEY_AGENT_TOKEN_LABEL: 'not-plugged-in',
    });
    try {
      expect((await call(absent, 'GET', '/v1/status')).body.token).toEqual({ present: false });
      const certificates = await call(absent, 'GET', '/v1/certificates');
      expect(certificates.status).toBe(404);
      expect(certificates.body.error).toMatchObject({ code: 'TOKEN_NOT_PRESENT', clientCode: '-10101011' });
      expect((await sign(absent, '01', challenge, pin)).body.error).toMatchObject({ code: 'TOKEN_NOT_PRESENT' });
    } finally {
      await absent.stop();
    }
  });

  test('a PKCS#11 module that does not load stops the agent at start, naming it', async () => {
    const refused = await agentRefusal({
      ...ekey.env,
      EKEY_AGENT_PORT: '0',
      EKEY_AGENT_PKCS11_MODULE: '/nonexistent/libekey.so',
    });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('cannot load the PKCS#11 module /nonexistent/libekey.so');
    expect(refused.output).not.toContain('listening');
  });

  test('the PIN never reaches the log', () => {
    expect(agent.output()).toContain('"path":"/v1/sign"');
    expect(agent.output()).not.toContain(pin);
    expect(agent.output()).not.toContain(wrongPin);
  });
});

describe('the EKey agent refuses to start', () => {
  test.each(['0.0.0.0', '192.0.2.10', '::', 'localhost'])('on the non-loopback address %s', async (host) => {
    const refused = await agentRefusal({ EKEY_AGENT_HOST: host, EKEY_AGENT_PORT: '0' });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('EKEY_AGENT_HOST: must be a loopback address');
    expect(refused.output).not.toContain('listening');
  });

  test('with a wildcard origin', async () => {
    const refused = await agentRefusal({ EKEY_AGENT_ALLOWED_ORIGINS: '*', EKEY_AGENT_PORT: '0' });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('"*" is not an exact web origin');
  });
});
