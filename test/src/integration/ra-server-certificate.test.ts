import {
  AuthorityInfoAccessExtension,
  CRLDistributionPointsExtension,
  ExtendedKeyUsageExtension,
  SubjectAlternativeNameExtension,
  X509Certificate,
} from '@peculiar/x509';
import { commandExists } from '../../../subgraphs/certificate/src/testing/softhsm-token';
import {
  fileSet,
  nssVerify,
  opensslVerify,
  pem,
  run,
  subscriberRequest,
} from '../../../subgraphs/certificate/src/testing/test-pki';
import { errorCodes as codes, ok, until } from '../harness/graph-checks';
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

const hasTools = commandExists('openssl') && commandExists('vfychain');
if (!hasTools) console.warn('openssl or vfychain is missing: skipping the RA server certificate tests (CT-1, CT-4)');
const withTools = hasTools ? it : it.skip;

const ra = raCounter(['ENTRY_CLERK', 'REVIEW_CLERK', 'ISSUING_CLERK', 'AGENCY_APPROVER', 'ADMINISTRATOR']);
const { as } = ra;

const step = (who: string, id: string, event: string, extra?: Record<string, unknown>) =>
  stepApplication(as, who, id, event, extra);

describe('a server certificate through the RA (CT-1, RA-11)', () => {
  withTools(
    'carries the DNS names the entry clerk entered and the reviewer saw; NSS and OpenSSL accept it for a TLS server; revoking it for keyCompromise reaches the CRL and OCSP (RA-4, CT-5)',
    async () => {
      const subscriberId = await registerUnit(as);
      const refused = await as(
        'ENTRY_CLERK',
        'mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id } }',
        { input: { subscriberId, businessType: 'NEW', certificateKind: 'SERVER' } },
      );
      expect(codes(refused)).toEqual(['DNS_NAMES_REQUIRED']);
      const id = await submittedAtCounter(as, subscriberId, {
        businessType: 'NEW',
        certificateKind: 'SERVER',
        dnsNames: ['SI.Example.cn', 'www.si.example.cn'],
      });
      await step('AGENCY_APPROVER', id, 'APPROVE_BY_AGENCY');
      await step('ENTRY_CLERK', id, 'ENTER');
      const { application } = ok(
        await as<{ application: { dnsNames: string[]; email: string | null } }>(
          'REVIEW_CLERK',
          'query($id: UUID!) { application(id: $id) { dnsNames email } }',
          { id },
        ),
      );
      expect(application).toEqual({ dnsNames: ['si.example.cn', 'www.si.example.cn'], email: null });
      await step('REVIEW_CLERK', id, 'APPROVE');

      const enrollment = await enrollmentCodes(as, id);
      const greedy = await subscriberRequest('CN=ignored', 'RSA-2048', [
        { type: 'dns', value: 'www.si.example.cn' },
        { type: 'dns', value: 'bank.example.cn' },
      ]);
      const refusedCsr = await redeemCodes(ra.platform.gateway.url, enrollment, greedy.csr);
      expect(codes(refusedCsr)).toEqual(['CSR_NAMES_NOT_APPROVED']);

      const { csr } = await subscriberRequest('CN=ignored', 'RSA-2048', [{ type: 'dns', value: 'www.si.example.cn' }]);
      const { redeemEnrollment } = ok(await redeemCodes(ra.platform.gateway.url, enrollment, csr));
      await step('ISSUING_CLERK', id, 'ISSUE', { certificateId: redeemEnrollment.certificate.id });

      const leaf = new X509Certificate(redeemEnrollment.pem);
      const leafDer = Buffer.from(leaf.rawData);
      expect(leaf.getExtension(SubjectAlternativeNameExtension)?.names.items.map((n) => n.value)).toEqual([
        'si.example.cn',
        'www.si.example.cn',
      ]);
      expect(leaf.getExtension(ExtendedKeyUsageExtension)?.usages).not.toContain('1.3.6.1.5.5.7.3.4');
      const caIssuers = leaf.getExtension(AuthorityInfoAccessExtension)?.caIssuers[0]?.value as string;
      const issuing = await fetchPki(ra.platform, caIssuers);
      const root = await fetchPki(ra.platform, caIssuers.replace(/issuing\.crt$/, 'root.crt'));

      const nss = await nssVerify({ leaf: leafDer, issuing, root }, 1);
      expect(nss.output).toContain('Chain is good!');
      const files = fileSet({
        'root.pem': pem(root, 'CERTIFICATE'),
        'issuing.pem': pem(issuing, 'CERTIFICATE'),
        'leaf.pem': pem(leafDer, 'CERTIFICATE'),
      });
      try {
        const verified = await opensslVerify({ leaf: leafDer, issuing, root }, 'sslserver', 'www.si.example.cn');
        expect(verified.output).toContain(': OK');

        const revocation = await submittedAtCounter(as, subscriberId, {
          businessType: 'REVOCATION',
          certificateKind: 'SERVER',
          certificateId: redeemEnrollment.certificate.id,
          revocationReason: 'KEY_COMPROMISE',
        });
        const { application: asked } = ok(
          await as<{ application: { revocationReason: string } }>(
            'REVIEW_CLERK',
            'query($id: UUID!) { application(id: $id) { revocationReason } }',
            { id: revocation },
          ),
        );
        expect(asked.revocationReason).toBe('KEY_COMPROMISE');
        await step('ENTRY_CLERK', revocation, 'ENTER');
        await step('REVIEW_CLERK', revocation, 'APPROVE');
        await step('ISSUING_CLERK', revocation, 'EXECUTE');

        const crlUrl = leaf.getExtension(CRLDistributionPointsExtension)?.distributionPoints[0]?.distributionPoint
          ?.fullName?.[0]?.uniformResourceIdentifier as string;
        const crlText = await until(async () => {
          const response = await fetch(pkiUrl(ra.platform, crlUrl));
          const der = Buffer.from(await response.arrayBuffer());
          const crlFiles = fileSet({ 'crl.der': der });
          try {
            const text = (
              await run('openssl', ['crl', '-inform', 'DER', '-text', '-noout', '-in', crlFiles.path('crl.der')])
            ).output;
            return text.includes(leaf.serialNumber.toUpperCase()) ? text : undefined;
          } finally {
            crlFiles.remove();
          }
        });
        expect(crlText).toContain('Key Compromise');

        const ocspUrl = leaf.getExtension(AuthorityInfoAccessExtension)?.ocsp[0]?.value as string;
        const ocsp = await run('openssl', [
          'ocsp',
          '-issuer',
          files.path('issuing.pem'),
          '-cert',
          files.path('leaf.pem'),
          '-url',
          pkiUrl(ra.platform, ocspUrl),
          '-CAfile',
          files.path('root.pem'),
          '-verify_other',
          files.path('issuing.pem'),
        ]);
        expect(ocsp.output).toContain('Response verify OK');
        expect(ocsp.output).toMatch(/leaf\.pem: revoked/);
        expect(ocsp.output).toContain('Reason: keyCompromise');
      } finally {
        files.remove();
      }
    },
  );
});
