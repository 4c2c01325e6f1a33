import { AuthorityInfoAccessExtension, X509Certificate } from '@peculiar/x509';
import { openSm2EnvelopedKey, sm2EnvelopedKeyParts } from '../../../subgraphs/certificate/src/testing/envelope-opener';
import { commandExists } from '../../../subgraphs/certificate/src/testing/softhsm-token';
import {
  fileSet,
  opensslVerifySm2Link,
  pem,
  run,
  sm2SubscriberRequest,
  subscriberRequest,
} from '../../../subgraphs/certificate/src/testing/test-pki';
import { errorCodes as codes, ok } from '../harness/graph-checks';
import {
  enrollmentCodes,
  fetchPki,
  pkiUrl,
  raCounter,
  redeemCodes,
  registerUnit,
  stepApplication,
  submittedAtCounter,
} from '../harness/ra-counter';

const hasOpenssl = commandExists('openssl');
if (!hasOpenssl) console.warn('openssl is missing: skipping the RA SM2 application tests (issue 14)');
const withOpenssl = hasOpenssl ? it : it.skip;

const ra = raCounter(['ENTRY_CLERK', 'REVIEW_CLERK', 'ISSUING_CLERK', 'AGENCY_APPROVER', 'ADMINISTRATOR']);
const { as } = ra;

const step = (who: string, id: string, event: string, extra?: Record<string, unknown>) =>
  stepApplication(as, who, id, event, extra);

/** What the reviewer and the issuing clerk see of the choice. */
async function chosen(who: string, id: string): Promise<string> {
  return ok(
    await as<{ application: { hierarchy: string } }>(who, 'query($id: UUID!) { application(id: $id) { hierarchy } }', {
      id,
    }),
  ).application.hierarchy;
}

/** The public status query by the unit's social-insurance number (CT-2): each certificate with its hierarchy. */
async function statusByNumber(number: string): Promise<{ id: string; state: string; hierarchy: string }[]> {
  return ok(
    await as<{ certificateStatusByNumber: { certificates: { id: string; state: string; hierarchy: string }[] } }>(
      'anonymous',
      'query($number: String!) { certificateStatusByNumber(number: $number) { certificates { id state hierarchy } } }',
      { number },
    ),
  ).certificateStatusByNumber.certificates;
}

/** A unit's server application at the counter choosing `hierarchy` (none: the default), taken to the codes. */
async function approvedServerApplication(
  insuranceNumber: string,
  dnsName: string,
  hierarchy?: 'SM2' | 'INTERNATIONAL',
): Promise<string> {
  const subscriberId = await registerUnit(as, { socialInsuranceNumber: insuranceNumber });
  const id = await submittedAtCounter(as, subscriberId, {
    businessType: 'NEW',
    certificateKind: 'SERVER',
    dnsNames: [dnsName],
    ...(hierarchy ? { hierarchy } : {}),
  });
  await step('AGENCY_APPROVER', id, 'APPROVE_BY_AGENCY');
  await step('ENTRY_CLERK', id, 'ENTER');
  return id;
}

describe('an application chooses 国密 SM2 or 国际 RSA/ECC, and its certificate is issued under that hierarchy (issue 14 item 2, RA-11)', () => {
  withOpenssl(
    '国密: the choice reaches reviewer and issuing clerk; an RSA/ECC CSR is refused; the SM2 certificate chains to the SM2 root link by link in OpenSSL, OCSP says good, the status query finds it as SM2',
    async () => {
      const insuranceNumber = `1414${Date.now() % 10000000}`;
      const id = await approvedServerApplication(insuranceNumber, 'gm.si.example.cn', 'SM2');
      expect(await chosen('REVIEW_CLERK', id)).toBe('SM2');
      await step('REVIEW_CLERK', id, 'APPROVE');

      const codesOf = await enrollmentCodes(as, id);
      expect(await chosen('ISSUING_CLERK', id)).toBe('SM2');
      const international = await subscriberRequest('CN=ignored', 'P-256');
      expect(codes(await redeemCodes(ra.platform.gateway.url, codesOf, international.csr))).toEqual([
        'CSR_ALGORITHM_MISMATCH',
      ]);
      const { csr } = await sm2SubscriberRequest();
      const { redeemEnrollment } = ok(await redeemCodes(ra.platform.gateway.url, codesOf, csr));
      await step('ISSUING_CLERK', id, 'ISSUE', { certificateId: redeemEnrollment.certificate.id });

      const leaf = new X509Certificate(redeemEnrollment.pem);
      const leafDer = Buffer.from(leaf.rawData);
      // SM3withSM2 (GM/T 0006), by the SM2 issuing CA, whose certificate the leaf points to.
      expect(leaf.signatureAlgorithm).toMatchObject({ name: '1.2.156.10197.1.501' });
      const caIssuers = leaf.getExtension(AuthorityInfoAccessExtension)?.caIssuers[0]?.value as string;
      expect(new URL(caIssuers).pathname).toBe('/pki/ca/sm2-issuing.crt');
      const issuing = await fetchPki(ra.platform, caIssuers);
      const root = await fetchPki(ra.platform, caIssuers.replace(/sm2-issuing\.crt$/, 'sm2-root.crt'));
      for (const [issuer, subject] of [
        [issuing, leafDer],
        [root, issuing],
        [root, root],
      ] as const) {
        const verdict = await opensslVerifySm2Link(issuer, subject);
        expect({ status: verdict.status, output: verdict.output.trim() }).toMatchObject({ status: 0 });
      }

      const files = fileSet({ 'issuing.pem': pem(issuing, 'CERTIFICATE'), 'leaf.pem': pem(leafDer, 'CERTIFICATE') });
      try {
        const ocspUrl = leaf.getExtension(AuthorityInfoAccessExtension)?.ocsp[0]?.value as string;
        // `openssl ocsp` cannot verify an SM2 response (issue 14): it reads the status; the signature is proven elsewhere.
        const ocsp = await run('openssl', [
          ...['ocsp', '-issuer', files.path('issuing.pem'), '-cert', files.path('leaf.pem')],
          ...['-url', pkiUrl(ra.platform, ocspUrl), '-noverify', '-resp_text'],
        ]);
        expect(ocsp.output).toMatch(/leaf\.pem: good/);
        expect(ocsp.output).toContain('SM2-with-SM3');
      } finally {
        files.remove();
      }

      expect(await statusByNumber(insuranceNumber)).toEqual([
        { id: redeemEnrollment.certificate.id, state: 'IN_USE', hierarchy: 'SM2' },
      ]);
    },
  );

  withOpenssl(
    '国密 dual (CT-1): a unit’s SM2 application gets an SM2 encryption certificate whose key comes in an SM2EnvelopedKey, to the subscriber and again to the issuing clerk; OpenSSL opens it with the signing key',
    async () => {
      const subscriberId = await registerUnit(as, { socialInsuranceNumber: `1416${Date.now() % 10000000}` });
      const id = await submittedAtCounter(as, subscriberId, { businessType: 'NEW', hierarchy: 'SM2' });
      await step('AGENCY_APPROVER', id, 'APPROVE_BY_AGENCY');
      await step('ENTRY_CLERK', id, 'ENTER');
      await step('REVIEW_CLERK', id, 'APPROVE');
      const { csr, keyPem } = await sm2SubscriberRequest();
      const { redeemEnrollment } = ok(await redeemCodes(ra.platform.gateway.url, await enrollmentCodes(as, id), csr));
      const envelope = redeemEnrollment.encryption?.envelope as string;
      expect(envelope).toContain('-----BEGIN SM2 ENVELOPED KEY-----');
      const der = Buffer.from(envelope.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
      const privateKey = await openSm2EnvelopedKey(der, keyPem);
      expect(privateKey).toMatch(/^[0-9a-f]{64}$/);
      // The issuing clerk's copy says its format, and carries the same key pair.
      const { applicationIssuance } = ok(
        await as<{ applicationIssuance: { encryption: { envelope: string; envelopeFormat: string } } }>(
          'ISSUING_CLERK',
          'query($id: UUID!) { applicationIssuance(applicationId: $id) { encryption { envelope envelopeFormat } } }',
          { id },
        ),
      );
      expect(applicationIssuance.encryption.envelopeFormat).toBe('SM2_ENVELOPED_KEY');
      const again = Buffer.from(
        applicationIssuance.encryption.envelope.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''),
        'base64',
      );
      expect(await openSm2EnvelopedKey(again, keyPem)).toBe(privateKey);
      expect(sm2EnvelopedKeyParts(again).publicKey.equals(sm2EnvelopedKeyParts(der).publicKey)).toBe(true);
    },
  );

  withOpenssl(
    '国际 unchanged: an application that chose nothing is INTERNATIONAL, refuses an SM2 CSR, and issues under the international CA',
    async () => {
      const insuranceNumber = `1415${Date.now() % 10000000}`;
      const id = await approvedServerApplication(insuranceNumber, 'intl.si.example.cn');
      expect(await chosen('REVIEW_CLERK', id)).toBe('INTERNATIONAL');
      await step('REVIEW_CLERK', id, 'APPROVE');
      const codesOf = await enrollmentCodes(as, id);
      const sm2 = await sm2SubscriberRequest();
      expect(codes(await redeemCodes(ra.platform.gateway.url, codesOf, sm2.csr))).toEqual(['CSR_ALGORITHM_MISMATCH']);
      const { csr } = await subscriberRequest('CN=ignored', 'RSA-2048');
      const { redeemEnrollment } = ok(await redeemCodes(ra.platform.gateway.url, codesOf, csr));
      const leaf = new X509Certificate(redeemEnrollment.pem);
      const caIssuers = leaf.getExtension(AuthorityInfoAccessExtension)?.caIssuers[0]?.value as string;
      expect(new URL(caIssuers).pathname).toBe('/pki/ca/issuing.crt');
      expect(await statusByNumber(insuranceNumber)).toEqual([
        { id: redeemEnrollment.certificate.id, state: 'IN_USE', hierarchy: 'INTERNATIONAL' },
      ]);
    },
  );
});
