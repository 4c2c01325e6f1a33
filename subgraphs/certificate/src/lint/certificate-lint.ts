import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate as AsnCertificate } from '@peculiar/asn1-x509';
import { X509Certificate } from '@peculiar/x509';
import { CertificateError } from '../errors';
import type { CertificateProfile } from '../profiles/certificate-profile';
import { type CertificateLintContext, certificateLints, type RevocationPointers } from './certificate-lints';

export interface LintFinding {
  lint: string;
  problem: string;
}

export interface CertificateExpectation {
  profile: CertificateProfile;
  /** The issuing CA's certificate; absent for a self-signed one. */
  issuer?: X509Certificate;
  policyArc: string;
  pointers?: RevocationPointers;
}

/** Runs every certificate lint on a DER certificate; an empty list means it conforms to its profile. */
export function lintCertificate(certificateDer: Buffer, expectation: CertificateExpectation): LintFinding[] {
  // Parsed once: the X509Certificate view reads the same ASN.1 object.
  const asn = AsnConvert.parse(certificateDer, AsnCertificate);
  const context: CertificateLintContext = {
    certificate: new X509Certificate(asn),
    asn,
    profile: expectation.profile,
    issuer: expectation.issuer,
    policyArc: expectation.policyArc,
    pointers: expectation.pointers,
  };
  return certificateLints.flatMap((lint) => {
    const problem = lint.check(context);
    return problem === undefined ? [] : [{ lint: lint.id, problem }];
  });
}

/** Throws CERTIFICATE_LINT_FAILED with the findings when there are any. */
export function assertLintClean(findings: LintFinding[]): void {
  if (findings.length > 0) throw new CertificateError('CERTIFICATE_LINT_FAILED', { findings });
}
