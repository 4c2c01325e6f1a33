import { createPublicKey } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { type Certificate as AsnCertificate, Version } from '@peculiar/asn1-x509';
import {
  AuthorityInfoAccessExtension,
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  CertificatePolicyExtension,
  CRLDistributionPointsExtension,
  ExtendedKeyUsageExtension,
  KeyUsagesExtension,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  type X509Certificate,
} from '@peculiar/x509';
import { keyIdentifier } from '../authority/tbs-certificate';
import type { CertificateProfile } from '../profiles/certificate-profile';

/** Where the CA says revocation status is published; every end entity must point there. */
export interface RevocationPointers {
  crlUrl: string;
  /** Absent for CA certificates, whose status only the parent's CRL carries. */
  ocspUrl?: string;
  caIssuersUrl: string;
}

export interface CertificateLintContext {
  certificate: X509Certificate;
  asn: AsnCertificate;
  profile: CertificateProfile;
  /** The issuing CA's certificate; absent when the certificate is self-signed. */
  issuer?: X509Certificate;
  policyArc: string;
  pointers?: RevocationPointers;
}

/** One profile-conformance check (zlint-style): returns what is wrong, or undefined. */
export interface CertificateLint {
  id: string;
  check(context: CertificateLintContext): string | undefined;
}

const ocspNoCheckOid = '1.3.6.1.5.5.7.48.1.5';
const hostname = /^(?=.{1,253}$)(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

function der(value: unknown): Buffer {
  return Buffer.from(AsnConvert.serialize(value));
}

function familyOf(context: CertificateLintContext): 'ec' | 'rsa' {
  return context.certificate.publicKey.algorithm.name === 'ECDSA' ? 'ec' : 'rsa';
}

export const certificateLints: CertificateLint[] = [
  {
    id: 'e_version_3',
    check: ({ asn }) => (asn.tbsCertificate.version === Version.v3 ? undefined : 'not an X.509 v3 certificate'),
  },
  {
    id: 'e_serial_positive_random_128',
    check: ({ asn }) => {
      const serial = Buffer.from(asn.tbsCertificate.serialNumber);
      if ((serial[0] ?? 0) & 0x80) return 'serial number is negative';
      const magnitude = serial[0] === 0 ? serial.subarray(1) : serial;
      if (magnitude.length < 16 || magnitude.length > 20) return `serial number has ${magnitude.length} octets`;
      return undefined;
    },
  },
  {
    id: 'e_signature_algorithm_match',
    check: ({ asn }) =>
      der(asn.tbsCertificate.signature).equals(der(asn.signatureAlgorithm))
        ? undefined
        : 'inner and outer signature algorithms differ',
  },
  {
    id: 'e_validity_order',
    check: ({ certificate }) =>
      certificate.notBefore < certificate.notAfter ? undefined : 'notBefore is not before notAfter',
  },
  {
    id: 'e_validity_within_issuer',
    check: ({ certificate, issuer }) =>
      !issuer || (certificate.notBefore >= issuer.notBefore && certificate.notAfter <= issuer.notAfter)
        ? undefined
        : "validity exceeds the issuer's",
  },
  {
    id: 'e_subject_common_name',
    check: ({ certificate }) =>
      certificate.subjectName.getField('CN').some((value) => value.trim().length > 0)
        ? undefined
        : 'subject has no common name',
  },
  {
    id: 'e_issuer_name_chains',
    check: ({ asn, issuer }) => {
      const expected = issuer ? Buffer.from(issuer.subjectName.toArrayBuffer()) : der(asn.tbsCertificate.subject);
      return der(asn.tbsCertificate.issuer).equals(expected)
        ? undefined
        : "issuer name differs from the issuer's subject";
    },
  },
  {
    id: 'e_public_key_allowed',
    check: ({ certificate }) => {
      const key = createPublicKey({ key: Buffer.from(certificate.publicKey.rawData), format: 'der', type: 'spki' });
      const details = key.asymmetricKeyDetails;
      if (key.asymmetricKeyType === 'ec' && ['prime256v1', 'secp384r1'].includes(details?.namedCurve ?? '')) {
        return undefined;
      }
      if (key.asymmetricKeyType === 'rsa' && (details?.modulusLength ?? 0) >= 2048) return undefined;
      return 'public key is neither P-256/P-384 nor RSA of 2048 bits or more';
    },
  },
  {
    id: 'e_basic_constraints',
    check: ({ certificate, profile }) => {
      const extension = certificate.getExtension(BasicConstraintsExtension);
      if (!extension?.critical) return 'basicConstraints missing or not critical';
      if (extension.ca !== Boolean(profile.ca)) return `basicConstraints cA is ${extension.ca}`;
      if (profile.ca && extension.pathLength !== profile.ca.pathLength) return 'basicConstraints pathLen differs';
      return undefined;
    },
  },
  {
    id: 'e_key_usage',
    check: (context) => {
      const extension = context.certificate.getExtension(KeyUsagesExtension);
      if (!extension?.critical) return 'keyUsage missing or not critical';
      const expected = context.profile.keyUsage[familyOf(context)];
      return extension.usages === expected ? undefined : `keyUsage ${extension.usages} instead of ${expected}`;
    },
  },
  {
    id: 'e_extended_key_usage',
    check: ({ certificate, profile }) => {
      const usages = [...(certificate.getExtension(ExtendedKeyUsageExtension)?.usages ?? [])].map(String).sort();
      const expected = [...profile.extendedKeyUsage].sort();
      return usages.join() === expected.join()
        ? undefined
        : `extendedKeyUsage ${usages.join()} instead of ${expected.join()}`;
    },
  },
  {
    id: 'e_subject_alt_name_dns',
    check: ({ certificate, profile }) => {
      const names = certificate.getExtension(SubjectAlternativeNameExtension)?.names.items ?? [];
      const dnsNames = names.filter((name) => name.type === 'dns').map((name) => name.value);
      if (profile.requiresDnsNames && dnsNames.length === 0) return 'server certificate without a DNS name';
      const invalid = dnsNames.find((name) => !hostname.test(name));
      return invalid === undefined ? undefined : `invalid DNS name ${invalid}`;
    },
  },
  {
    id: 'e_certificate_policies',
    check: ({ certificate, profile, policyArc }) => {
      if (!profile.policy) return undefined;
      // Compared as DER: the parser prints UUID arcs (2.25.x) in a form of its own.
      const expected = new CertificatePolicyExtension([`${policyArc}.${profile.policy}`]).rawData;
      const actual = certificate.getExtension(CertificatePolicyExtension)?.rawData;
      return actual && Buffer.from(actual).equals(Buffer.from(expected))
        ? undefined
        : `certificatePolicies is not exactly ${policyArc}.${profile.policy}`;
    },
  },
  {
    id: 'e_crl_distribution_point',
    check: ({ certificate, profile, pointers }) => {
      if (!profile.revocationPointers) return undefined;
      const urls = (certificate.getExtension(CRLDistributionPointsExtension)?.distributionPoints ?? []).flatMap(
        (point) => point.distributionPoint?.fullName?.map((name) => name.uniformResourceIdentifier) ?? [],
      );
      return pointers && urls.includes(pointers.crlUrl) ? undefined : 'CRL distribution point missing or wrong';
    },
  },
  {
    id: 'e_authority_information_access',
    check: ({ certificate, profile, pointers }) => {
      if (!profile.revocationPointers) return undefined;
      const aia = certificate.getExtension(AuthorityInfoAccessExtension);
      const ocsp = aia?.ocsp.map((name) => name.value) ?? [];
      const caIssuers = aia?.caIssuers.map((name) => name.value) ?? [];
      const ocspOk = pointers?.ocspUrl ? ocsp.includes(pointers.ocspUrl) : ocsp.length === 0;
      return pointers && ocspOk && caIssuers.includes(pointers.caIssuersUrl)
        ? undefined
        : 'AIA lacks the OCSP or CA issuers URL';
    },
  },
  {
    id: 'e_key_identifiers',
    check: ({ certificate, issuer }) => {
      const subjectKeyId = certificate.getExtension(SubjectKeyIdentifierExtension)?.keyId;
      if (subjectKeyId !== keyIdentifier(Buffer.from(certificate.publicKey.rawData))) {
        return 'subjectKeyIdentifier missing or not the key hash';
      }
      if (!issuer) return undefined;
      const authorityKeyId = certificate.getExtension(AuthorityKeyIdentifierExtension)?.keyId;
      return authorityKeyId === issuer.getExtension(SubjectKeyIdentifierExtension)?.keyId
        ? undefined
        : "authorityKeyIdentifier is not the issuer's key identifier";
    },
  },
  {
    id: 'e_ocsp_nocheck',
    check: ({ certificate, profile }) => {
      const present = certificate.getExtension(ocspNoCheckOid) !== null;
      return present === Boolean(profile.ocspNoCheck) ? undefined : `ocsp-nocheck ${present ? 'present' : 'missing'}`;
    },
  },
];
