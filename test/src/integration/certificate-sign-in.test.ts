import { execFile } from 'node:child_process';
import { createPrivateKey, sign as nodeSign, webcrypto } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { CertificateServices } from '@tessera/certificate';
import { demoCitizen, User } from '@tessera/identity';
import { decodeJwt } from 'jose';
import { sm2SubscriberRequest, subscriberRequest } from '../../../subgraphs/certificate/src/testing/test-pki';
import { graphql, startTestPlatform, type TestPlatform } from '../harness/platform';
import { interactionUid, registerSystem, signInAt, UserAgent } from '../harness/sso';

const run = promisify(execFile);
type OpenIdClient = typeof import('openid-client');

let platform: TestPlatform;
let pki: CertificateServices['pki'];
let citizenId: string;
let oidc: OpenIdClient;
let issuer: string;
const portal = { code: 'cert-portal', secret: 'cert-portal-secret-0123456789abcdef' };
const redirectUri = 'https://cert-portal.example.test/callback';

beforeAll(async () => {
  oidc = await import('openid-client');
  platform = await startTestPlatform();
  issuer = new URL(platform.gateway.url).origin;
  pki = (platform.certificate.services as CertificateServices).pki;
  const citizen = await platform.identity.orm.em.fork().findOneOrFail(User, { username: demoCitizen.username });
  citizenId = citizen.id;
  await registerSystem(platform, {
    ...portal,
    redirectUris: [redirectUri],
    scopes: ['openid', 'profile', 'unit', 'real_name'],
  });
}, 120_000);

afterAll(() => platform?.stop());

/** A key that signs a challenge as a client would: WebCrypto for P-256 and RSA, OpenSSL for SM2. */
interface ClientKey {
  csr: Buffer;
  sign(data: Buffer): Promise<Buffer>;
}

async function webCryptoKey(algorithm: 'P-256' | 'RSA-2048'): Promise<ClientKey> {
  const { csr, keys } = await subscriberRequest('CN=Ignored', algorithm);
  const params =
    algorithm === 'P-256' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  return { csr, sign: async (data) => Buffer.from(await webcrypto.subtle.sign(params, keys.privateKey, data)) };
}

async function opensslSm2Key(): Promise<ClientKey> {
  const { csr, keyPem } = await sm2SubscriberRequest();
  return {
    csr,
    sign: async (data) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'sm2-sign-'));
      try {
        writeFileSync(path.join(dir, 'key.pem'), keyPem);
        writeFileSync(path.join(dir, 'data'), data);
        await run('openssl', [
          ...['dgst', '-sm3', '-sign', path.join(dir, 'key.pem'), '-sigopt', 'distid:1234567812345678'],
          ...['-out', path.join(dir, 'sig'), path.join(dir, 'data')],
        ]);
        return readFileSync(path.join(dir, 'sig'));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

type Issued = { der: Buffer; id: string; key: ClientKey };

async function issuePersonal(
  key: ClientKey,
  extra: { validityDays?: number; usage?: 'signing' | 'encryption'; hierarchy?: string } = {},
): Promise<Issued> {
  const certificate = await pki.issuer.issue({
    kind: 'personal',
    usage: extra.usage ?? 'signing',
    subject: 'CN=张三,C=CN',
    csr: key.csr,
    holderUserId: citizenId,
    ...(extra.validityDays ? { validityDays: extra.validityDays } : {}),
    ...(extra.hierarchy ? { hierarchy: extra.hierarchy } : {}),
  });
  return { der: certificate.der as Buffer, id: certificate.id, key };
}

const unit = { insuranceNumber: '440300123456', creditCode: '91350100M000100Y43', name: '深圳市测试科技有限公司' };

async function issueUnit(key: ClientKey, hierarchy?: string): Promise<Issued> {
  const certificate = await pki.issuer.issue({
    kind: 'organization',
    usage: 'signing',
    subject: `CN=${unit.name},O=${unit.name},C=CN`,
    csr: key.csr,
    identity: { insuranceNumber: unit.insuranceNumber, creditCode: unit.creditCode },
    ...(hierarchy ? { hierarchy } : {}),
  });
  return { der: certificate.der as Buffer, id: certificate.id, key };
}

async function challenge(interactionUid?: string): Promise<{ id: string; challenge: string; expiresAt: string }> {
  const response = await graphql<{ issueCertificateChallenge: { id: string; challenge: string; expiresAt: string } }>(
    platform.gateway.url,
    'mutation ($uid: String) { issueCertificateChallenge(interactionUid: $uid) { id challenge expiresAt } }',
    { variables: { uid: interactionUid } },
  );
  const issued = response.body.data?.issueCertificateChallenge;
  if (!issued) throw new Error(`no challenge: ${JSON.stringify(response.body.errors)}`);
  return issued;
}

const signInMutation = `mutation ($input: CertificateSignInInput!) {
  signInWithCertificate(input: $input) { status sessionId accessToken refreshToken }
}`;

async function signIn(input: { challengeId: string; certificate: string; signature: string }) {
  const response = await graphql<{ signInWithCertificate: { status: string; accessToken: string } }>(
    platform.gateway.url,
    signInMutation,
    { variables: { input } },
  );
  return {
    data: response.body.data?.signInWithCertificate,
    code: response.body.errors?.[0]?.extensions?.code as string | undefined,
    message: response.body.errors?.[0]?.message,
  };
}

/** A fresh challenge signed by the certificate's key, presented with the certificate. */
async function signInWith(issued: Issued, { pem = false } = {}) {
  const issuedChallenge = await challenge();
  const signature = await issued.key.sign(Buffer.from(issuedChallenge.challenge, 'base64'));
  const certificate = pem
    ? `-----BEGIN CERTIFICATE-----\n${issued.der.toString('base64')}\n-----END CERTIFICATE-----\n`
    : issued.der.toString('base64');
  return signIn({ challengeId: issuedChallenge.id, certificate, signature: signature.toString('base64') });
}

describe('certificate sign-in (issue 15)', () => {
  it('issues a single-use, two-minute challenge whose bytes name Tessera and the purpose', async () => {
    const issued = await challenge();
    const text = Buffer.from(issued.challenge, 'base64').toString('utf8');
    expect(text.split('\n')[0]).toBe('Tessera certificate sign-in (证书登录) v1');
    expect(text).toContain(`challenge: ${issued.id}`);
    expect(text).toContain('for: web sign-in');
    const lifetime = new Date(issued.expiresAt).getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(100_000);
    expect(lifetime).toBeLessThanOrEqual(120_000);
  });

  it.each([
    ['P-256 (WebCrypto, raw r‖s)', () => webCryptoKey('P-256'), undefined],
    ['RSA-2048 (WebCrypto, PKCS#1 v1.5)', () => webCryptoKey('RSA-2048'), undefined],
    ['SM2 (OpenSSL, SM3withSM2)', opensslSm2Key, 'sm2'],
  ] as const)(
    'CT-1: a person signs in as their own account with a %s certificate',
    async (_name, makeKey, hierarchy) => {
      const issued = await issuePersonal(await makeKey(), { hierarchy });
      const { data, code } = await signInWith(issued, { pem: true });
      expect(code).toBeUndefined();
      expect(data?.status).toBe('SIGNED_IN');
      const claims = decodeJwt(data?.accessToken as string);
      expect(claims.sub).toBe(citizenId);
      expect(claims.kind).toBe('citizen');
      const me = await graphql<{ me: { id: string; username: string } }>(
        platform.gateway.url,
        '{ me { id username } }',
        {
          token: data?.accessToken,
        },
      );
      expect(me.body.data?.me).toEqual({ id: citizenId, username: demoCitizen.username });
      const history = await platform.identity.orm.em
        .fork()
        .getConnection()
        .execute(
          `select "method", "outcome" from "identity"."sign_in_event" where "user_id" = ? order by "at" desc limit 1`,
          [citizenId],
        );
      expect(history[0]).toEqual({ method: 'certificate', outcome: 'success' });
    },
  );

  it('CT-1: an insured unit signs in as the unit, one account for all its certificates (RSA and SM2)', async () => {
    const first = await signInWith(await issueUnit(await webCryptoKey('RSA-2048')));
    expect(first.code).toBeUndefined();
    const second = await signInWith(await issueUnit(await opensslSm2Key(), 'sm2'));
    expect(second.code).toBeUndefined();
    const a = decodeJwt(first.data?.accessToken as string);
    const b = decodeJwt(second.data?.accessToken as string);
    expect(a.kind).toBe('unit');
    expect(b.sub).toBe(a.sub);
    const me = await graphql<{ me: Record<string, unknown> }>(
      platform.gateway.url,
      '{ me { id kind displayName unitInsuranceNumber unitCreditCode } }',
      { token: first.data?.accessToken },
    );
    expect(me.body.data?.me).toEqual({
      id: a.sub,
      kind: 'UNIT',
      displayName: unit.name,
      unitInsuranceNumber: unit.insuranceNumber,
      unitCreditCode: unit.creditCode,
    });
  });

  it('the certificate subgraph answers the check to identity only, never to a client through the gateway', async () => {
    const citizen = await platform.token({ subject: citizenId, kind: 'citizen' });
    for (const token of [undefined, citizen]) {
      const response = await graphql(
        platform.gateway.url,
        '{ checkSignInCertificate(input: { certificate: "AAAA", challenge: "AAAA", signature: "AAAA" }) { certificateId } }',
        { token },
      );
      expect(response.body.data?.checkSignInCertificate ?? null).toBeNull();
      expect(response.body.errors?.[0]?.extensions?.code).toMatch(/UNAUTHENTICATED|FORBIDDEN/);
    }
  });

  describe('refusals', () => {
    let p256: Issued;
    beforeAll(async () => {
      p256 = await issuePersonal(await webCryptoKey('P-256'));
    });

    it('CT-6 -10101019: a wrong signature, or a signature over another challenge', async () => {
      const issued = await challenge();
      const wrong = await signIn({
        challengeId: issued.id,
        certificate: p256.der.toString('base64'),
        signature: (await p256.key.sign(Buffer.from('something else'))).toString('base64'),
      });
      expect(wrong.code).toBe('SIGN_IN_SIGNATURE_INVALID');
      expect(wrong.message).toContain('-10101019');
      const other = await challenge();
      const mine = await challenge();
      const crossed = await signIn({
        challengeId: mine.id,
        certificate: p256.der.toString('base64'),
        signature: (await p256.key.sign(Buffer.from(other.challenge, 'base64'))).toString('base64'),
      });
      expect(crossed.code).toBe('SIGN_IN_SIGNATURE_INVALID');
    });

    it('a challenge signs once: reused → CERTIFICATE_CHALLENGE_USED; expired → CERTIFICATE_CHALLENGE_EXPIRED; of another sign-in → INVALID', async () => {
      const issued = await challenge();
      const input = {
        challengeId: issued.id,
        certificate: p256.der.toString('base64'),
        signature: (await p256.key.sign(Buffer.from(issued.challenge, 'base64'))).toString('base64'),
      };
      expect((await signIn(input)).code).toBeUndefined();
      expect((await signIn(input)).code).toBe('CERTIFICATE_CHALLENGE_USED');

      const late = await challenge();
      await platform.identity.orm.em
        .fork()
        .getConnection()
        .execute(
          `update "identity"."certificate_challenge" set "expires_at" = now() - interval '1 second' where "id" = ?`,
          [late.id],
        );
      const expired = await signIn({
        ...input,
        challengeId: late.id,
        signature: (await p256.key.sign(Buffer.from(late.challenge, 'base64'))).toString('base64'),
      });
      expect(expired.code).toBe('CERTIFICATE_CHALLENGE_EXPIRED');

      const bound = await challenge('some-interaction-uid');
      const elsewhere = await signIn({
        ...input,
        challengeId: bound.id,
        signature: (await p256.key.sign(Buffer.from(bound.challenge, 'base64'))).toString('base64'),
      });
      expect(elsewhere.code).toBe('CERTIFICATE_CHALLENGE_INVALID');
    });

    it('CT-5: a suspended and a revoked certificate are refused', async () => {
      const held = await issuePersonal(await webCryptoKey('P-256'));
      await pki.revocation.suspend(held.id, 'clerk');
      expect((await signInWith(held)).code).toBe('SIGN_IN_CERTIFICATE_SUSPENDED');
      const revoked = await issuePersonal(await webCryptoKey('RSA-2048'));
      await pki.revocation.revoke(revoked.id, 'keyCompromise', 'clerk');
      expect((await signInWith(revoked)).code).toBe('SIGN_IN_CERTIFICATE_REVOKED');
    });

    it('CT-6 -10101039: an expired certificate is refused with its client code and message', async () => {
      const shortLived = await issuePersonal(await webCryptoKey('P-256'), { validityDays: 1 / 86_400 });
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      const refused = await signInWith(shortLived);
      expect(refused.code).toBe('SIGN_IN_CERTIFICATE_EXPIRED');
      expect(refused.message).toContain('-10101039');
    });

    it('CT-6 -10101029: a certificate of a foreign CA (made by OpenSSL) is refused', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'foreign-ca-'));
      try {
        const file = (name: string) => path.join(dir, name);
        await run('openssl', [
          ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'],
          ...['-keyout', file('key.pem'), '-out', file('cert.der'), '-outform', 'DER'],
          ...['-subj', '/C=CN/O=Tessera/CN=Tessera Issuing CA', '-days', '30'],
        ]);
        const key = createPrivateKey(readFileSync(file('key.pem')));
        const issued = await challenge();
        const refused = await signIn({
          challengeId: issued.id,
          certificate: readFileSync(file('cert.der')).toString('base64'),
          signature: nodeSign('sha256', Buffer.from(issued.challenge, 'base64'), key).toString('base64'),
        });
        expect(refused.code).toBe('SIGN_IN_CERTIFICATE_UNTRUSTED');
        expect(refused.message).toContain('-10101029');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('an encryption certificate (keyUsage without digitalSignature) cannot sign in; garbage is malformed (CT-6 -10101011)', async () => {
      const encryption = await issuePersonal(await webCryptoKey('RSA-2048'), { usage: 'encryption' });
      expect((await signInWith(encryption)).code).toBe('SIGN_IN_KEY_USAGE_INVALID');
      const issued = await challenge();
      const garbage = await signIn({ challengeId: issued.id, certificate: 'not a certificate!', signature: 'AAAA' });
      expect(garbage.code).toBe('SIGN_IN_CERTIFICATE_MALFORMED');
    });

    it('a disabled unit cannot sign in; administrators list, disable and enable units, audited', async () => {
      const certificate = await issueUnit(await webCryptoKey('P-256'));
      expect((await signInWith(certificate)).code).toBeUndefined();
      const administrator = await platform.identity.orm.em.fork().findOneOrFail(User, { username: 'administrator' });
      const token = await platform.token({ subject: administrator.id, kind: 'staff', roles: ['ADMINISTRATOR'] });
      const listed = await graphql<{ unitAccounts: { id: string; unitInsuranceNumber: string; locked: boolean }[] }>(
        platform.gateway.url,
        '{ unitAccounts(search: "440300123") { id unitInsuranceNumber locked } }',
        { token },
      );
      const [found] = listed.body.data?.unitAccounts ?? [];
      expect(found).toMatchObject({ unitInsuranceNumber: unit.insuranceNumber, locked: false });
      const citizen = await platform.token({ subject: citizenId, kind: 'citizen' });
      const denied = await graphql(platform.gateway.url, `mutation { disableUnitAccount(id: "${found?.id}") { id } }`, {
        token: citizen,
      });
      expect(denied.body.errors?.length).toBeGreaterThan(0);
      const disabled = await graphql<{ disableUnitAccount: { locked: boolean } }>(
        platform.gateway.url,
        `mutation { disableUnitAccount(id: "${found?.id}") { locked } }`,
        { token },
      );
      expect(disabled.body.data?.disableUnitAccount.locked).toBe(true);
      const refused = await signInWith(certificate);
      expect(refused.code).toBe('UNIT_ACCOUNT_DISABLED');
      const trail = await graphql<{ userAdminActions: { action: string }[] }>(
        platform.gateway.url,
        `{ userAdminActions(userId: "${found?.id}") { action } }`,
        { token },
      );
      expect(trail.body.data?.userAdminActions.map((a) => a.action)).toContain('lock');
      await graphql(platform.gateway.url, `mutation { enableUnitAccount(id: "${found?.id}") { locked } }`, { token });
      expect((await signInWith(certificate)).code).toBeUndefined();
    });
  });

  describe('single sign-on', () => {
    async function configFor() {
      return oidc.discovery(new URL(issuer), portal.code, portal.secret, oidc.ClientSecretBasic(portal.secret), {
        execute: [oidc.allowInsecureRequests],
      });
    }

    async function authorize(scope: string, signInOnPage: (agent: UserAgent, uid: string) => Promise<{ url: URL }>) {
      const config = await configFor();
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope,
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
      });
      const agent = new UserAgent(issuer);
      const page = await agent.follow(url, { headers: { accept: 'text/html' } });
      const landed = await signInOnPage(agent, interactionUid(page.url));
      expect(landed.url.href.startsWith(redirectUri)).toBe(true);
      const tokens = await oidc.authorizationCodeGrant(config, landed.url, {
        pkceCodeVerifier: verifier,
        expectedState: state,
      });
      return { config, tokens };
    }

    const withCertificate = (issued: Issued) => async (agent: UserAgent, uid: string) => {
      const response = await agent.fetch(`/oidc/interaction/${uid}/challenge`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: '{}',
      });
      expect(response.status).toBe(200);
      const bound = (await response.json()) as { id: string; challenge: string };
      const login = await agent.interaction(uid, 'login', {
        method: 'certificate',
        challengeId: bound.id,
        certificate: issued.der.toString('base64'),
        signature: (await issued.key.sign(Buffer.from(bound.challenge, 'base64'))).toString('base64'),
      });
      if (login.status !== 200) throw new Error(`sign-in refused: ${JSON.stringify(login.body)}`);
      return agent.follow(login.body.redirectTo as string, { headers: { accept: 'text/html' } });
    };

    it('advertises the acr values, the certificate one included', async () => {
      const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as {
        acr_values_supported: string[];
        scopes_supported: string[];
      };
      expect(discovery.acr_values_supported).toEqual(
        expect.arrayContaining(['urn:tessera:acr:password', 'urn:tessera:acr:certificate']),
      );
      expect(discovery.scopes_supported).toContain('unit');
    });

    it('a business system gets amr ["hwk"] and the certificate acr after a certificate sign-in; a unit says it is a unit', async () => {
      const { config, tokens } = await authorize(
        'openid profile unit',
        withCertificate(await issueUnit(await webCryptoKey('P-256'))),
      );
      const claims = tokens.claims();
      expect(claims?.amr).toEqual(['hwk']);
      expect(claims?.acr).toBe('urn:tessera:acr:certificate');
      const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, claims?.sub as string);
      expect(userinfo).toMatchObject({
        account_kind: 'unit',
        unit_name: unit.name,
        unit_insurance_number: unit.insuranceNumber,
        unit_credit_code: unit.creditCode,
      });
    });

    it('a person signing in with a certificate in the interaction is their own account; a password sign-in gives amr ["pwd"]', async () => {
      const person = await authorize('openid', withCertificate(await issuePersonal(await webCryptoKey('RSA-2048'))));
      expect(person.tokens.claims()).toMatchObject({
        sub: citizenId,
        amr: ['hwk'],
        acr: 'urn:tessera:acr:certificate',
      });
      const password = await authorize('openid', (agent, uid) => signInAt(agent, platform, uid));
      expect(password.tokens.claims()).toMatchObject({ sub: citizenId, amr: ['pwd'], acr: 'urn:tessera:acr:password' });
    });

    it('a challenge of the web sign-in does not sign in an interaction', async () => {
      const issued = await issuePersonal(await webCryptoKey('P-256'));
      const refused = await authorize('openid', async (agent, uid) => {
        const webChallenge = await challenge();
        const login = await agent.interaction(uid, 'login', {
          method: 'certificate',
          challengeId: webChallenge.id,
          certificate: issued.der.toString('base64'),
          signature: (await issued.key.sign(Buffer.from(webChallenge.challenge, 'base64'))).toString('base64'),
        });
        expect(login.status).toBe(400);
        expect((login.body.error as { code: string }).code).toBe('CERTIFICATE_CHALLENGE_INVALID');
        return withCertificate(issued)(agent, uid);
      });
      expect(refused.tokens.claims()?.amr).toEqual(['hwk']);
    });
  });
});
