import type { CertificateServices } from '@tessera/certificate';
import { graphql, startTestPlatform, type TestPlatform } from '../harness/platform';

/**
 * Issue 15 item 2(b), CT-3: during an EKey sign-in nobody is signed in, so the page reports each PIN
 * the EKey checked against the live challenge of its own sign-in; identity forwards it to the
 * certificate subgraph's EKey record. One report per challenge, a wrong PIN spends the challenge, a
 * challenge of another sign-in is refused, and the EKey record counts as CT-3 says.
 */

let platform: TestPlatform;
let pki: CertificateServices['pki'];
const serial = 'GK-WEB-0001';

beforeAll(async () => {
  platform = await startTestPlatform();
  pki = (platform.certificate.services as CertificateServices).pki;
  await pki.ekeys.register({ serialNumber: serial, model: 'Test EKey', purchasedOn: '2026-12-01' });
}, 120_000);

afterAll(() => platform?.stop());

async function challenge(interactionUid?: string): Promise<string> {
  const response = await graphql<{ issueCertificateChallenge: { id: string } }>(
    platform.gateway.url,
    'mutation ($uid: String) { issueCertificateChallenge(interactionUid: $uid) { id } }',
    { variables: { uid: interactionUid } },
  );
  const id = response.body.data?.issueCertificateChallenge.id;
  if (!id) throw new Error(`no challenge: ${JSON.stringify(response.body.errors)}`);
  return id;
}

async function report(challengeId: string, correct: boolean, serialNumber = serial) {
  const response = await graphql<{ reportCertificateSignInPinAttempt: { locked: boolean; remainingAttempts: number } }>(
    platform.gateway.url,
    `mutation ($c: UUID!, $s: String!, $ok: Boolean!) {
      reportCertificateSignInPinAttempt(challengeId: $c, serialNumber: $s, correct: $ok) { locked remainingAttempts }
    }`,
    { variables: { c: challengeId, s: serialNumber, ok: correct } },
  );
  return {
    outcome: response.body.data?.reportCertificateSignInPinAttempt,
    code: response.body.errors?.[0]?.extensions?.code as string | undefined,
  };
}

async function signIn(challengeId: string) {
  const response = await graphql(
    platform.gateway.url,
    'mutation ($input: CertificateSignInInput!) { signInWithCertificate(input: $input) { status } }',
    { variables: { input: { challengeId, certificate: 'MIIB', signature: 'AAAA' } } },
  );
  return response.body.errors?.[0]?.extensions?.code as string | undefined;
}

it('CT-3: an anonymous page still cannot report PIN attempts on its own (reportEKeyPinAttempt is the holder’s or staff’s)', async () => {
  const response = await graphql(
    platform.gateway.url,
    'mutation { reportEKeyPinAttempt(serialNumber: "GK-WEB-0001", correct: false) { locked } }',
  );
  expect(response.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  expect((await pki.ekeys.bySerial(serial)).pinFailures).toBe(0);
});

it('CT-3, issue 15: a wrong PIN reported against a live challenge counts on the EKey record and spends the challenge; the challenge takes no second report and signs no sign-in', async () => {
  const id = await challenge();
  expect(await report(id, false)).toEqual({ outcome: { locked: false, remainingAttempts: 4 }, code: undefined });
  expect((await pki.ekeys.bySerial(serial)).pinFailures).toBe(1);
  expect((await report(id, false)).code).toBe('CERTIFICATE_CHALLENGE_USED');
  expect((await report(id, true)).code).toBe('CERTIFICATE_CHALLENGE_USED');
  expect(await signIn(id)).toBe('CERTIFICATE_CHALLENGE_USED');
  expect((await pki.ekeys.bySerial(serial)).pinFailures).toBe(1);
});

it('CT-3, issue 15: a right PIN resets the count and leaves the challenge for its sign-in, once', async () => {
  const id = await challenge();
  expect(await report(id, true)).toEqual({ outcome: { locked: false, remainingAttempts: 5 }, code: undefined });
  expect((await pki.ekeys.bySerial(serial)).pinFailures).toBe(0);
  expect((await report(id, true)).code).toBe('CERTIFICATE_CHALLENGE_USED');
  // The challenge is still there for the sign-in: it is spent by it, refused for the bad certificate.
  expect(await signIn(id)).not.toMatch(/CERTIFICATE_CHALLENGE/);
});

it('issue 15: a challenge of another sign-in (a single sign-on interaction), an unknown one, an unknown EKey and a malformed serial are refused', async () => {
  expect((await report(await challenge('some-interaction'), false)).code).toBe('CERTIFICATE_CHALLENGE_INVALID');
  expect((await report('6f0c1f43-8d0e-4a0e-9d43-2d1f7c1d0000', false)).code).toBe('CERTIFICATE_CHALLENGE_INVALID');
  expect((await report(await challenge(), false, 'GK-UNKNOWN')).code).toBe('EKEY_NOT_FOUND');
  expect((await report(await challenge(), false, 'bad serial with spaces')).code).toBe('BAD_USER_INPUT');
  expect((await pki.ekeys.bySerial(serial)).pinFailures).toBe(0);
});

it('CT-3: the fifth wrong PIN in a row, each on its own challenge, locks the EKey record; reports after that answer EKEY_LOCKED', async () => {
  const outcomes = [];
  for (let n = 0; n < 5; n++) outcomes.push((await report(await challenge(), false)).outcome);
  expect(outcomes.map((o) => o?.remainingAttempts)).toEqual([4, 3, 2, 1, 0]);
  expect(outcomes.map((o) => o?.locked)).toEqual([false, false, false, false, true]);
  expect((await report(await challenge(), true)).code).toBe('EKEY_LOCKED');
  expect((await pki.ekeys.bySerial(serial)).lockedAt).toBeTruthy();
});
