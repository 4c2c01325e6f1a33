import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate as AsnCertificate } from '@peculiar/asn1-x509';
import { SubjectKeyIdentifierExtension, X509Certificate } from '@peculiar/x509';
import { CertificateError } from '../errors';
import type { CertificateProfile } from '../profiles/certificate-profile';
import type { IdentityExtensionValues } from '../profiles/identity-extensions';
import {
  type CertificateContent,
  certificateLints,
  type IssuerFacts,
  type RevocationPointers,
} from './certificate-lints';

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
  /** The GM/T 0015 identity extensions the certificate must carry; absent, it carries none. */
  identity?: IdentityExtensionValues;
}

/** Runs every certificate lint on a DER certificate; an empty list means it conforms to its profile. */
export function lintCertificate(certificateDer: Buffer, expectation: CertificateExpectation): LintFinding[] {
  return lintContent(contentOfDer(certificateDer), expectation);
}

/** Runs every certificate lint on what a certificate says (parsed, or about to be encoded and signed). */
export function lintContent(certificate: CertificateContent, expectation: CertificateExpectation): LintFinding[] {
  const context = {
    certificate,
    profile: expectation.profile,
    issuer: expectation.issuer ? issuerFacts(expectation.issuer) : undefined,
    policyArc: expectation.policyArc,
    pointers: expectation.pointers,
    identity: expectation.identity,
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

/** The fields of a DER certificate, as the lints read them. */
export function contentOfDer(certificateDer: Buffer): CertificateContent {
  // Parsed once: the X509Certificate view reads the same ASN.1 object.
  const asn = AsnConvert.parse(certificateDer, AsnCertificate);
  const certificate = new X509Certificate(asn);
  const der = (value: unknown) => Buffer.from(AsnConvert.serialize(value));
  return {
    version: asn.tbsCertificate.version,
    serialNumber: Buffer.from(asn.tbsCertificate.serialNumber),
    innerSignatureAlgorithm: der(asn.tbsCertificate.signature),
    outerSignatureAlgorithm: der(asn.signatureAlgorithm),
    issuer: der(asn.tbsCertificate.issuer),
    subject: certificate.subjectName,
    subjectDer: der(asn.tbsCertificate.subject),
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
    publicKey: Buffer.from(certificate.publicKey.rawData),
    extensions: certificate.extensions,
  };
}

const facts = new WeakMap<X509Certificate, IssuerFacts>();

/** What the lints need of a CA certificate, read once per certificate object. */
function issuerFacts(issuer: X509Certificate): IssuerFacts {
  let known = facts.get(issuer);
  if (!known) {
    known = {
      subject: Buffer.from(issuer.subjectName.toArrayBuffer()),
      keyId: issuer.getExtension(SubjectKeyIdentifierExtension)?.keyId,
      notBefore: issuer.notBefore,
      notAfter: issuer.notAfter,
    };
    facts.set(issuer, known);
  }
  return known;
}
