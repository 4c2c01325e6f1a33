import type { KeyObject } from 'node:crypto';
import { Version } from '@peculiar/asn1-x509';
import {
  AuthorityInfoAccessExtension,
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  CertificatePolicyExtension,
  CRLDistributionPointsExtension,
  ExtendedKeyUsageExtension,
  type Extension,
  KeyUsagesExtension,
  type Name,
  SubjectAlternativeNameExtension,
} from '@peculiar/x509';
import { normaliseDnsName, normaliseEmailAddress } from '@tessera/kit';
import { keyIdentifier, subjectKeyIdentifierExtension } from '../authority/tbs-certificate';
import { familyOf, keyFamily, readPublicKey } from '../keys/public-key';
import { type CertificateProfile, eku } from '../profiles/certificate-profile';
import type { IdentityExtensionValues } from '../profiles/identity-extensions';
import { identityExtensionLint } from './identity-extension-lint';

/** Where the CA says revocation status is published; every end entity must point there. */
export interface RevocationPointers {
  crlUrl: string;
  /** Absent for CA certificates, whose status only the parent's CRL carries. */
  ocspUrl?: string;
  caIssuersUrl: string;
}

/**
 * What a certificate says, field by field: read from a DER certificate, or the very parts the
 * factory encodes into one (so a certificate is linted before anything signs it).
 */
export interface CertificateContent {
  /** 2 for v3. */
  version: number;
  /** INTEGER body. */
  serialNumber: Buffer;
  /** AlgorithmIdentifier DER inside the TBS, and the one of the signature over it. */
  innerSignatureAlgorithm: Buffer;
  outerSignatureAlgorithm: Buffer;
  /** Name DER. */
  issuer: Buffer;
  subject: Name;
  subjectDer: Buffer;
  notBefore: Date;
  notAfter: Date;
  /** SubjectPublicKeyInfo DER. */
  publicKey: Buffer;
  /** The same key, when already parsed from these bytes (the CSR check did). */
  publicKeyObject?: KeyObject;
  /** In certificate order; decoded from their DER (@peculiar/x509 classes) where a lint reads fields. */
  extensions: readonly ExtensionView[];
}

/** An extension: its OID, criticality and whole DER; the lints of key identifiers compare DER. */
export type ExtensionView = Pick<Extension, 'type' | 'critical' | 'rawData'>;

/** What the lints need of the issuing CA's certificate. */
export interface IssuerFacts {
  subject: Buffer;
  keyId?: string;
  notBefore: Date;
  notAfter: Date;
}

export interface CertificateLintContext {
  certificate: CertificateContent;
  profile: CertificateProfile;
  /** Absent when the certificate is self-signed. */
  issuer?: IssuerFacts;
  policyArc: string;
  pointers?: RevocationPointers;
  /** The GM/T 0015 identity extensions the certificate must carry; absent, it carries none. */
  identity?: IdentityExtensionValues;
}

/** One profile-conformance check (zlint-style): returns what is wrong, or undefined. */
export interface CertificateLint {
  id: string;
  check(context: CertificateLintContext): string | undefined;
}

const ocspNoCheckOid = '1.3.6.1.5.5.7.48.1.5';
const subjectKeyIdentifierOid = '2.5.29.14';

function extension<T extends ExtensionView>(
  certificate: CertificateContent,
  type: new (...args: never[]) => T,
): T | null {
  return (certificate.extensions.find((candidate) => candidate instanceof type) as T | undefined) ?? null;
}

const policyDer = new Map<string, Buffer>();

/** The certificatePolicies extension DER with exactly `policy`, encoded once per policy. */
function expectedPolicies(policy: string): Buffer {
  let der = policyDer.get(policy);
  if (!der) {
    der = Buffer.from(new CertificatePolicyExtension([policy]).rawData);
    policyDer.set(policy, der);
  }
  return der;
}

export const certificateLints: CertificateLint[] = [
  {
    id: 'e_version_3',
    check: ({ certificate }) => (certificate.version === Version.v3 ? undefined : 'not an X.509 v3 certificate'),
  },
  {
    id: 'e_serial_positive_random_128',
    check: ({ certificate }) => {
      const serial = certificate.serialNumber;
      if ((serial[0] ?? 0) & 0x80) return 'serial number is negative';
      const magnitude = serial[0] === 0 ? serial.subarray(1) : serial;
      if (magnitude.length < 16 || magnitude.length > 20) return `serial number has ${magnitude.length} octets`;
      return undefined;
    },
  },
  {
    id: 'e_signature_algorithm_match',
    check: ({ certificate }) =>
      certificate.innerSignatureAlgorithm.equals(certificate.outerSignatureAlgorithm)
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
      certificate.subject.getField('CN').some((value) => value.trim().length > 0)
        ? undefined
        : 'subject has no common name',
  },
  {
    id: 'e_issuer_name_chains',
    check: ({ certificate, issuer }) => {
      const expected = issuer ? issuer.subject : certificate.subjectDer;
      return certificate.issuer.equals(expected) ? undefined : "issuer name differs from the issuer's subject";
    },
  },
  {
    id: 'e_public_key_allowed',
    check: ({ certificate }) => {
      const key = readPublicKey(certificate.publicKey, certificate.publicKeyObject);
      return familyOf(key) ? undefined : 'public key is neither P-256/P-384, RSA of 2048 bits or more, nor SM2';
    },
  },
  {
    id: 'e_basic_constraints',
    check: ({ certificate, profile }) => {
      const constraints = extension(certificate, BasicConstraintsExtension);
      if (!constraints?.critical) return 'basicConstraints missing or not critical';
      if (constraints.ca !== Boolean(profile.ca)) return `basicConstraints cA is ${constraints.ca}`;
      if (profile.ca && constraints.pathLength !== profile.ca.pathLength) return 'basicConstraints pathLen differs';
      return undefined;
    },
  },
  {
    id: 'e_key_usage',
    check: ({ certificate, profile }) => {
      const keyUsage = extension(certificate, KeyUsagesExtension);
      if (!keyUsage?.critical) return 'keyUsage missing or not critical';
      const expected = profile.keyUsage[keyFamily(certificate.publicKey)];
      return keyUsage.usages === expected ? undefined : `keyUsage ${keyUsage.usages} instead of ${expected}`;
    },
  },
  {
    id: 'e_extended_key_usage',
    check: ({ certificate, profile }) => {
      const found = extension(certificate, ExtendedKeyUsageExtension);
      const usages = [...(found?.usages ?? [])].map(String).sort();
      const expected = [...profile.extendedKeyUsage].sort();
      if (usages.join() !== expected.join()) return `extendedKeyUsage ${usages.join()} instead of ${expected.join()}`;
      return found && found.critical !== Boolean(profile.criticalExtendedKeyUsage)
        ? `extendedKeyUsage ${found.critical ? 'critical' : 'not critical'}`
        : undefined;
    },
  },
  {
    id: 'e_subject_alt_name_dns',
    check: ({ certificate, profile }) => {
      const names = extension(certificate, SubjectAlternativeNameExtension)?.names.items ?? [];
      const dnsNames = names.filter((name) => name.type === 'dns').map((name) => name.value);
      if (profile.requiresDnsNames && dnsNames.length === 0) return 'server certificate without a DNS name';
      const rules = { wildcard: profile.wildcardDnsNames };
      const invalid = dnsNames.find((name) => normaliseDnsName(name, rules) !== name);
      return invalid === undefined ? undefined : `invalid DNS name ${invalid}`;
    },
  },
  {
    id: 'e_email_protection_needs_rfc822_name',
    check: ({ certificate }) => {
      const names = extension(certificate, SubjectAlternativeNameExtension)?.names.items ?? [];
      const emails = names.filter((name) => name.type === 'email').map((name) => name.value);
      const invalid = emails.find((email) => normaliseEmailAddress(email) !== email);
      if (invalid !== undefined) return `invalid rfc822Name ${invalid}`;
      const usages = [...(extension(certificate, ExtendedKeyUsageExtension)?.usages ?? [])].map(String);
      return usages.includes(eku.emailProtection) && emails.length === 0
        ? 'emailProtection without an rfc822Name'
        : undefined;
    },
  },
  {
    id: 'e_certificate_policies',
    check: ({ certificate, profile, policyArc }) => {
      if (!profile.policy) return undefined;
      // Compared as DER: the parser prints UUID arcs (2.25.x) in a form of its own.
      const expected = expectedPolicies(`${policyArc}.${profile.policy}`);
      const actual = extension(certificate, CertificatePolicyExtension)?.rawData;
      return actual && Buffer.from(actual).equals(expected)
        ? undefined
        : `certificatePolicies is not exactly ${policyArc}.${profile.policy}`;
    },
  },
  {
    id: 'e_crl_distribution_point',
    check: ({ certificate, profile, pointers }) => {
      if (!profile.revocationPointers) return undefined;
      const urls = (extension(certificate, CRLDistributionPointsExtension)?.distributionPoints ?? []).flatMap(
        (point) => point.distributionPoint?.fullName?.map((name) => name.uniformResourceIdentifier) ?? [],
      );
      return pointers && urls.includes(pointers.crlUrl) ? undefined : 'CRL distribution point missing or wrong';
    },
  },
  {
    id: 'e_authority_information_access',
    check: ({ certificate, profile, pointers }) => {
      if (!profile.revocationPointers) return undefined;
      const aia = extension(certificate, AuthorityInfoAccessExtension);
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
      // The whole extension as DER: not critical, exactly the key hash (RFC 5280 §4.2.1.2).
      const subjectKeyId = certificate.extensions.find((candidate) => candidate.type === subjectKeyIdentifierOid);
      const expected = subjectKeyIdentifierExtension(keyIdentifier(certificate.publicKey));
      if (!subjectKeyId || !Buffer.from(subjectKeyId.rawData).equals(expected)) {
        return 'subjectKeyIdentifier missing or not the key hash';
      }
      if (!issuer) return undefined;
      const authorityKeyId = extension(certificate, AuthorityKeyIdentifierExtension)?.keyId;
      return authorityKeyId === issuer.keyId ? undefined : "authorityKeyIdentifier is not the issuer's key identifier";
    },
  },
  {
    id: 'e_ocsp_nocheck',
    check: ({ certificate, profile }) => {
      const present = certificate.extensions.some((candidate) => candidate.type === ocspNoCheckOid);
      return present === Boolean(profile.ocspNoCheck) ? undefined : `ocsp-nocheck ${present ? 'present' : 'missing'}`;
    },
  },
  identityExtensionLint,
];
