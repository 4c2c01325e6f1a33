import { registerEnumType } from 'type-graphql';

/**
 * The CA hierarchy a certificate is issued under, as the graph names it (issue 14): 国际 RSA/ECC or 国密 SM2.
 * One definition for the certificate subgraph (enrollments, certificates) and the RA (the choice on an
 * application), so that both register the same `CertificateHierarchy` and federation composes it as one enum.
 */
export enum CertificateHierarchyValue {
  // The values are the names CA_HIERARCHIES takes (kit config, `caHierarchyNames`).
  INTERNATIONAL = 'international',
  SM2 = 'sm2',
}
registerEnumType(CertificateHierarchyValue, {
  name: 'CertificateHierarchy',
  description:
    "The CA hierarchy a certificate is issued under (CA_HIERARCHIES, issue 14): 国际 RSA/ECC (`INTERNATIONAL`) or 国密 SM2 with SM3 (`SM2`); the CSR's key is of the same family.",
});
