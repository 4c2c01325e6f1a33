import { AsnParser } from '@peculiar/asn1-schema';
import { CertificateList } from '@peculiar/asn1-x509';
import { X509Certificate } from '@peculiar/x509';
import type { LintFinding } from './certificate-lint';
import { crlLints } from './crl-lints';

/** Runs every CRL lint on a DER CRL; an empty list means it conforms. */
export function lintCrl(crlDer: Buffer, issuerCertificate: Buffer, number: number): LintFinding[] {
  const context = {
    // A CRL we just built is trusted input; asn1js's default node limit (10,000) stops near 2,000 entries.
    crl: AsnParser.parse(crlDer, CertificateList, { berOptions: { maxNodes: Number.MAX_SAFE_INTEGER } }),
    issuer: new X509Certificate(issuerCertificate),
    number,
  };
  return crlLints.flatMap((lint) => {
    const problem = lint.check(context);
    return problem === undefined ? [] : [{ lint: lint.id, problem }];
  });
}
