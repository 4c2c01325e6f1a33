import { webcrypto } from 'node:crypto';
import { Pkcs10CertificateRequestGenerator } from '@peculiar/x509';
import type { CertificateServices } from '@tessera/certificate';
import { CaptchaChallenges, demoCitizen } from '@tessera/identity';
import { OutboxMessage } from '@tessera/ra';
import { ocspRequest } from '../bench/ocsp';
import { seedCitizenWithCertificate } from '../harness/fixtures';
import { graphql, startTestPlatform, type TestPlatform } from '../harness/platform';

/**
 * Issue 13 item 5: each subgraph's domain metrics in its registry, scraped from its management
 * port: a counter moves after the action it counts; backlogs and CRL times are read at scrape time.
 */

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform();
});

afterAll(() => platform?.stop());

/** Every sample of `name` whose labels include `labels`, summed (undefined: no such sample). */
async function scrape(url: string, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const text = await (await fetch(url)).text();
  let total: number | undefined;
  for (const line of text.split('\n')) {
    const match = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) total = (total ?? 0) + Number(match[3]);
  }
  return total;
}

async function eventually(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('identity', () => {
  it('counts sign-in attempts by outcome, the refusal code included', async () => {
    const metrics = platform.identity.metricsUrl;
    const refused = { method: 'password', outcome: 'invalid_credentials' };
    const before = (await scrape(metrics, 'tessera_sign_ins_total', refused)) ?? 0;
    const issued = await graphql<{ issueCaptcha: { id: string } }>(
      platform.gateway.url,
      'mutation { issueCaptcha { id } }',
    );
    const captchaId = new CaptchaChallenges(platform.identity.services.protector).withAnswer(
      issued.body.data?.issueCaptcha.id as string,
      'test',
    );
    const answer = await graphql(
      platform.gateway.url,
      'mutation($input: SignInInput!) { signIn(input: $input) { status } }',
      {
        variables: {
          input: { username: demoCitizen.username, password: 'Wrong-Password-1', captchaId, captchaAnswer: 'test' },
        },
      },
    );
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('INVALID_CREDENTIALS');
    expect(await scrape(metrics, 'tessera_sign_ins_total', refused)).toBe(before + 1);
    expect(await scrape(metrics, 'tessera_sign_in_locked_logins')).toBe(0);
  });

  it('reads the SMS outbox and back-channel logout backlogs at scrape time, and counts logout deliveries', async () => {
    const metrics = platform.identity.metricsUrl;
    const before = {
      pending: (await scrape(metrics, 'tessera_sms_outbox_messages', { state: 'pending' })) ?? 0,
      failed: (await scrape(metrics, 'tessera_sms_outbox_messages', { state: 'failed' })) ?? 0,
    };
    // One message waiting for its next attempt (tomorrow), one given up.
    await platform.identity.orm.em.fork().execute(
      `insert into "identity"."sms_message" (id, purpose, phone_sealed, phone_masked, text, state, attempts, next_attempt_at, created_at)
       values (gen_random_uuid(), 'metrics', 'x', '138****0000', 'x', 'pending', 1, now() + interval '1 day', now()),
              (gen_random_uuid(), 'metrics', 'x', '138****0000', 'x', 'failed', 5, now(), now())`,
    );
    expect(await scrape(metrics, 'tessera_sms_outbox_messages', { state: 'pending' })).toBe(before.pending + 1);
    expect(await scrape(metrics, 'tessera_sms_outbox_messages', { state: 'failed' })).toBe(before.failed + 1);
    for (const state of ['pending', 'abandoned']) {
      expect(await scrape(metrics, 'tessera_backchannel_logouts', { state })).toBe(0);
    }
    // A logout owed to a system that is not there: the attempt fails and is retried later.
    const retries = (await scrape(metrics, 'tessera_backchannel_logout_deliveries_total', { outcome: 'retry' })) ?? 0;
    await platform.identity.orm.em.fork().execute(
      `insert into "identity"."backchannel_logout" (id, system_code, subject, sid, reason, created_at, attempts, next_attempt_at)
       values (gen_random_uuid(), 'no-such-system', 'subject', 'sid', 'metrics', now(), 0, now())`,
    );
    platform.identity.services.singleSignOn?.logouts.kick();
    await eventually(
      async () =>
        (await scrape(metrics, 'tessera_backchannel_logout_deliveries_total', { outcome: 'retry' })) === retries + 1,
    );
    expect(await scrape(metrics, 'tessera_backchannel_logouts', { state: 'pending' })).toBe(1);
    expect(await scrape(metrics, 'tessera_db_pool_max', { service: 'identity' })).toBeGreaterThan(0);
    expect(await scrape(metrics, 'tessera_db_pool_used')).toBeGreaterThanOrEqual(0);
  });
});

describe('certificate', () => {
  it('counts issued certificates by kind and usage and OCSP answers by status, and tells the CRL times', async () => {
    const metrics = platform.certificate.metricsUrl;
    const { pki } = platform.certificate.services as CertificateServices;
    const kind = { kind: 'personal', usage: 'signing' } as const;
    const issuedBefore = (await scrape(metrics, 'tessera_certificates_issued_total', kind)) ?? 0;
    const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    const keys = (await webcrypto.subtle.generateKey(algorithm, false, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const csr = await Pkcs10CertificateRequestGenerator.create({ name: 'CN=x', keys, signingAlgorithm: algorithm });
    const leaf = await pki.issuer.issue({ ...kind, subject: 'CN=Metrics', csr: Buffer.from(csr.rawData) });
    expect(await scrape(metrics, 'tessera_certificates_issued_total', kind)).toBe(issuedBefore + 1);

    const goodBefore = (await scrape(metrics, 'tessera_ocsp_answers_total', { status: 'good' })) ?? 0;
    const issuer = (await pki.hierarchy.issuing()).entity.certificateDer;
    const ocsp = await fetch(`${new URL(platform.certificate.url).origin}/pki/ocsp`, {
      method: 'POST',
      headers: { 'content-type': 'application/ocsp-request' },
      body: ocspRequest(issuer, leaf.serialNumber),
    });
    expect(ocsp.status).toBe(200);
    expect(await scrape(metrics, 'tessera_ocsp_answers_total', { status: 'good' })).toBe(goodBefore + 1);
    await fetch(`${new URL(platform.certificate.url).origin}/pki/ocsp`, {
      method: 'POST',
      headers: { 'content-type': 'application/ocsp-request' },
      body: Buffer.from('not an OCSP request'),
    });
    expect(await scrape(metrics, 'tessera_ocsp_answers_total', { status: 'malformedRequest' })).toBe(1);

    const nextUpdate = await scrape(metrics, 'tessera_crl_next_update_seconds', { authority: 'issuing' });
    expect(nextUpdate).toBeGreaterThan(3600);
    expect(nextUpdate).toBeLessThanOrEqual(24 * 3600);
    expect(await scrape(metrics, 'tessera_crl_age_seconds', { authority: 'root' })).toBeGreaterThanOrEqual(0);
  });
});

describe('ra', () => {
  it('counts outbox deliveries and reads the outbox backlog at scrape time', async () => {
    const metrics = platform.ra.metricsUrl;
    const before = (await scrape(metrics, 'tessera_ra_outbox_deliveries_total', { outcome: 'delivered' })) ?? 0;
    const { certificate, application } = await seedCitizenWithCertificate(platform, 'metrics-outbox', { issued: true });
    const em = platform.ra.orm.em.fork();
    em.create(OutboxMessage, {
      kind: 'revoke_certificate',
      applicationId: application.id,
      idempotencyKey: `metrics-${application.id}`,
      payload: { certificateId: certificate.id, reason: 'KEY_COMPROMISE' },
    });
    await em.flush();
    await eventually(
      async () =>
        (await scrape(metrics, 'tessera_ra_outbox_deliveries_total', { outcome: 'delivered' })) === before + 1,
    );
    expect(await scrape(metrics, 'tessera_ra_outbox_messages', { state: 'pending' })).toBe(0);
    expect(await scrape(metrics, 'tessera_ra_outbox_oldest_pending_seconds')).toBe(0);
  });
});
