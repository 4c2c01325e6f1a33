import { readFileSync, writeFileSync } from 'node:fs';
import type { MikroORM } from '@mikro-orm/postgresql';
import { AuthorityInfoAccessExtension, CRLDistributionPointsExtension, X509Certificate, X509Crl } from '@peculiar/x509';
import { CertificateError } from '../errors';
import { type PkiServer, startPkiServer } from '../testing/pki-server';
import { commandExists } from '../testing/softhsm-token';
import { openTestDatabase } from '../testing/test-database';
import { fileSet, opensslVerifySm2Link, pem, run, sm2SubscriberRequest, subscriberRequest } from '../testing/test-pki';

const withOpenssl = commandExists('openssl') ? describe : describe.skip;
if (!commandExists('openssl')) console.warn('openssl is not installed: skipping the SM2 enrollment tests (issue 14)');

withOpenssl(
  'an enrollment issues under the hierarchy its application chose: 国密 SM2 or 国际 RSA/ECC (issue 14 item 2)',
  () => {
    let orm: MikroORM;
    let server: PkiServer;

    beforeAll(async () => {
      orm = await openTestDatabase();
      server = await startPkiServer(orm, { hierarchies: ['international', 'sm2'] });
    });
    afterAll(async () => {
      await server.close();
      await orm.close();
    });

    const approve = (hierarchy?: string) =>
      server.pki.enrollments.create(
        { kind: 'server', usage: 'signing', subject: 'CN=gm.example.cn,C=CN', dnsNames: ['gm.example.cn'], hierarchy },
        'ra',
      );
    const refusal = (promise: Promise<unknown>) =>
      promise.then(
        () => undefined,
        (error: unknown) => (error instanceof CertificateError ? [error.code, error.extensions] : error),
      );

    it('RA-11 CT-4: an SM2 enrollment redeemed with an OpenSSL SM2 CSR is signed by the SM2 issuing CA; OpenSSL verifies each link', async () => {
      const { referenceCode, authorizationCode } = await approve('sm2');
      const { csr } = await sm2SubscriberRequest();
      const { certificate } = await server.pki.enrollments.redeem({ referenceCode, authorizationCode, csr });
      const issuing = await server.pki.hierarchy.issuing('sm2');
      const root = await server.pki.hierarchy.authority('sm2-root');
      expect(certificate.authorityId).toBe(issuing.entity.id);
      expect(issuing.entity).toMatchObject({ name: 'sm2-issuing', algorithm: 'SM2' });
      expect(issuing.certificate.subject).toContain('国密');
      const leaf = certificate.der as Buffer;
      // SM3withSM2 (GM/T 0006).
      expect(new X509Certificate(leaf).signatureAlgorithm).toMatchObject({ name: '1.2.156.10197.1.501' });

      const links: [Buffer, Buffer][] = [
        [issuing.entity.certificateDer, leaf],
        [root?.entity.certificateDer as Buffer, issuing.entity.certificateDer],
        [root?.entity.certificateDer as Buffer, root?.entity.certificateDer as Buffer],
      ];
      for (const [issuer, subject] of links) {
        const verdict = await opensslVerifySm2Link(issuer, subject);
        expect({ status: verdict.status, output: verdict.output.trim() }).toMatchObject({ status: 0 });
      }
    });

    it('CT-5: the CA certificate, CRL and OCSP URLs an SM2 certificate carries answer over HTTP for the SM2 issuing CA', async () => {
      const { referenceCode, authorizationCode } = await approve('sm2');
      const { certificate } = await server.pki.enrollments.redeem({
        referenceCode,
        authorizationCode,
        csr: (await sm2SubscriberRequest()).csr,
      });
      const leaf = new X509Certificate(certificate.der as Buffer);
      const issuing = await server.pki.hierarchy.issuing('sm2');
      const aia = leaf.getExtension(AuthorityInfoAccessExtension);
      const caIssuers = aia?.caIssuers[0]?.value as string;
      expect(caIssuers).toBe(`${server.baseUrl}/pki/ca/sm2-issuing.crt`);
      expect(Buffer.from(await (await fetch(caIssuers)).arrayBuffer())).toEqual(issuing.entity.certificateDer);

      const crlUrl = leaf.getExtension(CRLDistributionPointsExtension)?.distributionPoints[0]?.distributionPoint
        ?.fullName?.[0]?.uniformResourceIdentifier as string;
      expect(crlUrl).toBe(`${server.baseUrl}/pki/crl/sm2-issuing.crl`);
      const crlAnswer = await fetch(crlUrl);
      expect(crlAnswer.status).toBe(200);
      const crl = new X509Crl(Buffer.from(await crlAnswer.arrayBuffer()));
      expect(crl.issuer).toBe(issuing.certificate.subject);
      expect(crl.signatureAlgorithm).toMatchObject({ name: '1.2.156.10197.1.501' });

      const ocspUrl = aia?.ocsp[0]?.value as string;
      const files = fileSet({
        'issuing.pem': pem(issuing.entity.certificateDer, 'CERTIFICATE'),
        'leaf.pem': pem(certificate.der as Buffer, 'CERTIFICATE'),
      });
      try {
        const request = ['ocsp', '-issuer', files.path('issuing.pem'), '-cert', files.path('leaf.pem'), '-no_nonce'];
        await run('openssl', [...request, '-reqout', files.path('req.der')]);
        const answer = await fetch(ocspUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/ocsp-request' },
          body: readFileSync(files.path('req.der')),
        });
        expect(answer.status).toBe(200);
        writeFileSync(files.path('resp.der'), Buffer.from(await answer.arrayBuffer()));
        const text = (await run('openssl', ['ocsp', '-respin', files.path('resp.der'), '-resp_text', '-noverify']))
          .output;
        expect(/Cert Status: (\w+)/.exec(text)?.[1]).toBe('good');
        expect(text).toContain('Signature Algorithm: SM2-with-SM3');
      } finally {
        files.remove();
      }
    });

    it('a CSR of the other family is refused with CSR_ALGORITHM_MISMATCH and leaves the codes usable', async () => {
      const sm2 = await approve('sm2');
      const rsaOrEc = (await subscriberRequest()).csr;
      expect(await refusal(server.pki.enrollments.redeem({ ...sm2, csr: rsaOrEc }))).toEqual([
        'CSR_ALGORITHM_MISMATCH',
        { code: 'CSR_ALGORITHM_MISMATCH', hierarchy: 'sm2', expected: 'SM2' },
      ]);
      const redeemed = await server.pki.enrollments.redeem({ ...sm2, csr: (await sm2SubscriberRequest()).csr });
      expect(redeemed.certificate.authorityId).toBe((await server.pki.hierarchy.issuing('sm2')).entity.id);

      const international = await approve('international');
      expect(
        await refusal(server.pki.enrollments.redeem({ ...international, csr: (await sm2SubscriberRequest()).csr })),
      ).toEqual([
        'CSR_ALGORITHM_MISMATCH',
        { code: 'CSR_ALGORITHM_MISMATCH', hierarchy: 'international', expected: 'RSA/ECC' },
      ]);
    });

    it('without a choice the default (first) hierarchy issues, and takes RSA and ECC CSRs as before', async () => {
      const international = (await server.pki.hierarchy.issuing('international')).entity.id;
      for (const algorithm of ['P-256', 'RSA-2048'] as const) {
        const codes = await approve();
        expect(codes.enrollment.hierarchy).toBe('international');
        const { csr } = await subscriberRequest('CN=Ignored', algorithm);
        expect((await server.pki.enrollments.redeem({ ...codes, csr })).certificate.authorityId).toBe(international);
      }
    });

    it('a hierarchy the CA does not run is refused when the enrollment is made (CA_HIERARCHY_UNKNOWN)', async () => {
      const single = await startPkiServer(orm);
      try {
        expect(
          await refusal(
            single.pki.enrollments.create(
              {
                kind: 'server',
                usage: 'signing',
                subject: 'CN=x.example.cn',
                dnsNames: ['x.example.cn'],
                hierarchy: 'sm2',
              },
              'ra',
            ),
          ),
        ).toEqual([
          'CA_HIERARCHY_UNKNOWN',
          { code: 'CA_HIERARCHY_UNKNOWN', hierarchy: 'sm2', configured: 'international' },
        ]);
      } finally {
        await single.close();
      }
    });
  },
);
