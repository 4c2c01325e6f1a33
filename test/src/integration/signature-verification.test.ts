import { webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PemConverter } from '@peculiar/x509';
import { commandExists } from '../../../subgraphs/certificate/src/testing/softhsm-token';
import { fileSet, openssl, subscriberRequest } from '../../../subgraphs/certificate/src/testing/test-pki';
import { errorCodes, ok } from '../harness/graph-checks';
import { graphql } from '../harness/platform';
import {
  enrollmentCodes,
  raCounter,
  redeemCodes,
  registerUnit,
  stepApplication,
  submittedAtCounter,
} from '../harness/ra-counter';
import { registerSystem } from '../harness/sso';

const hasOpenssl = commandExists('openssl');
if (!hasOpenssl) console.warn('openssl is not installed: skipping signature verification through the gateway');
const test = hasOpenssl ? it : it.skip;

const ra = raCounter(['ENTRY_CLERK', 'REVIEW_CLERK', 'ISSUING_CLERK', 'ADMINISTRATOR', 'AUDITOR']);
const { as } = ra;
const secret = 'signature-checker-secret-0123456789';

/** A business system's client-credentials token from the token endpoint on the gateway's origin (ID-17). */
async function systemToken(code: string): Promise<string> {
  const response = await fetch(`${new URL(ra.platform.gateway.url).origin}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: code, client_secret: secret }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

const verifyMutation = `mutation($input: VerifySignatureInput!) {
  verifySignature(input: $input) {
    verificationId valid code signingTimeSource
    signer { kind unitName insuranceNumber creditCode certificateSerial signatureAlgorithm hierarchy }
  }
}`;

interface Answer {
  verifySignature: {
    verificationId: string;
    valid: boolean;
    code: string | null;
    signer: { kind: string; unitName: string; insuranceNumber: string; creditCode: string; certificateSerial: string };
  };
}

describe('signature verification through the gateway (issue 15 item 3)', () => {
  test('a business system with signature:verify verifies a unit signature (certificate issued through the RA); one without the scope is refused', async () => {
    const subscriberId = await registerUnit(as);
    const id = await submittedAtCounter(as, subscriberId, { businessType: 'CHANGE' });
    await stepApplication(as, 'ENTRY_CLERK', id, 'ENTER');
    await stepApplication(as, 'REVIEW_CLERK', id, 'APPROVE');
    const { csr, keys } = await subscriberRequest('CN=ignored', 'P-256');
    const { redeemEnrollment } = ok(await redeemCodes(ra.platform.gateway.url, await enrollmentCodes(as, id), csr));
    await stepApplication(as, 'ISSUING_CLERK', id, 'ISSUE', { certificateId: redeemEnrollment.certificate.id });

    const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
    const files = fileSet({
      'cert.pem': redeemEnrollment.pem,
      'key.pem': `${PemConverter.encode(new Uint8Array(pkcs8).buffer, 'PRIVATE KEY')}\n`,
      data: '单位缴费申报 2026-12',
    });
    let signedData: string;
    try {
      await openssl(
        ...['cms', '-sign', '-nodetach', '-binary', '-signer', files.path('cert.pem'), '-inkey', files.path('key.pem')],
        ...['-in', files.path('data'), '-outform', 'DER', '-out', files.path('signed.der')],
      );
      signedData = readFileSync(files.path('signed.der')).toString('base64');
    } finally {
      files.remove();
    }

    await registerSystem(ra.platform, { code: 'sig-checker', secret, scopes: ['signature:verify'] });
    await registerSystem(ra.platform, { code: 'sig-stranger', secret, scopes: ['identity:verified-identity'] });
    const url = ra.platform.gateway.url;
    const allowed = await graphql<Answer>(url, verifyMutation, {
      token: await systemToken('sig-checker'),
      variables: { input: { signedData } },
    });
    const { verifySignature } = ok(allowed);
    expect(verifySignature).toMatchObject({
      valid: true,
      code: null,
      signingTimeSource: 'SIGNING_TIME_UNVERIFIED',
      signer: {
        kind: 'ORGANIZATION',
        unitName: expect.stringMatching(/^晋阳煤业有限公司 \d+$/),
        insuranceNumber: expect.stringMatching(/^1401\d+$/),
        creditCode: '91440300MA5F0K3R4P',
        certificateSerial: redeemEnrollment.certificate.serialNumber,
        signatureAlgorithm: 'SHA256withECDSA',
        hierarchy: 'international',
      },
    });

    const refused = await graphql(url, verifyMutation, {
      token: await systemToken('sig-stranger'),
      variables: { input: { signedData } },
    });
    expect(errorCodes(refused)).toEqual(['FORBIDDEN']);

    const record = ok(
      await as<{ signatureVerification: { requesterKind: string; requester: string; valid: boolean } }>(
        'AUDITOR',
        'query($id: UUID!) { signatureVerification(id: $id) { requesterKind requester valid } }',
        { id: verifySignature.verificationId },
      ),
    );
    expect(record.signatureVerification).toEqual({ requesterKind: 'system', requester: 'sig-checker', valid: true });
  });
});
