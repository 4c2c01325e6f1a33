import { AsnParser } from '@peculiar/asn1-schema';
import { CertificateList } from '@peculiar/asn1-x509';
import { X509Certificate } from '@peculiar/x509';
import type { LintFinding } from './certificate-lint';
import { type SplitCrl, splitCrl } from './crl-entries';
import { type CrlLintContext, crlLints } from './crl-lints';

/** Runs every CRL lint on a DER CRL; an empty list means it conforms. */
export function lintCrl(crlDer: Buffer, issuerCertificate: Buffer, number: number): LintFinding[] {
  let split: SplitCrl;
  try {
    split = splitCrl(crlDer);
  } catch (error) {
    return [{ lint: 'e_crl_der', problem: error instanceof Error ? error.message : String(error) }];
  }
  const context: CrlLintContext = {
    // The entries are read by `splitCrl`; the schema parser gets the rest, which stays small.
    crl: AsnParser.parse(split.withoutEntries, CertificateList),
    entries: split.entries,
    issuer: new X509Certificate(issuerCertificate),
    number,
  };
  return crlLints.flatMap((lint) => {
    const problem = lint.check(context);
    return problem === undefined ? [] : [{ lint: lint.id, problem }];
  });
}
