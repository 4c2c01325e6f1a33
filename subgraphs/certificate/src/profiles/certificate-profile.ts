import { KeyUsageFlags } from '@peculiar/x509';
import type { CertificateKind, CertificateUsage } from '../certificates/certificate.entity';
import type { KeyFamily } from '../keys/key-algorithm';

/** Extended key usage OIDs (RFC 5280 §4.2.1.12). */
export const eku = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
} as const;

/**
 * Tessera's own policy arc: a UUID OID (ITU-T X.667), which anyone may allocate without
 * registration. Profiles add their sub-arc.
 */
export const defaultPolicyArc = '2.25.41566171694906731057192303956126685476';

/** What a certificate of one profile must contain; the issuer builds from it and the lint checks against it. */
export interface CertificateProfile {
  name: string;
  /** keyUsage per key family: EC keys agree on keys (ECDH) where RSA keys encipher them. */
  keyUsage: Record<KeyFamily, KeyUsageFlags>;
  extendedKeyUsage: string[];
  /** The extendedKeyUsage extension is critical (RFC 3161 §2.3: a TSA certificate's). */
  criticalExtendedKeyUsage?: boolean;
  /** A CA certificate (basicConstraints cA, critical) with this path length, or an end entity. */
  ca?: { pathLength?: number };
  /** SAN dNSName entries are required (server certificates). */
  requiresDnsNames: boolean;
  /** A dNSName may start with a `*.` label (RFC 6125 §6.4.3); no profile allows it today. */
  wildcardDnsNames?: boolean;
  /** Sub-arc of the policy arc written into certificatePolicies; absent for the self-signed root. */
  policy?: string;
  /** CRL distribution point and AIA (OCSP + CA issuers) pointing at the issuer; not in a root. */
  revocationPointers: boolean;
  /** id-pkix-ocsp-nocheck (RFC 6960 §4.2.2.2.1): only the delegated OCSP responder. */
  ocspNoCheck?: boolean;
}

const signing = {
  ec: KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation,
  rsa: KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation,
  sm2: KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation,
};
/**
 * An SM2 key both enciphers (GM/T 0003.4, the SM2EnvelopedKey's key transport) and agrees keys
 * (GM/T 0003.3): the encryption certificate of a GM/T 0015 dual pair allows the three, as the
 * SM2 encryption certificates of Chinese CAs do.
 */
const encryption = {
  ec: KeyUsageFlags.keyAgreement,
  rsa: KeyUsageFlags.keyEncipherment | KeyUsageFlags.dataEncipherment,
  sm2: KeyUsageFlags.keyEncipherment | KeyUsageFlags.dataEncipherment | KeyUsageFlags.keyAgreement,
};

/** End-entity profiles of CT-1: three kinds, each for signing or encryption. */
export const subscriberProfiles: Record<CertificateKind, Record<CertificateUsage, CertificateProfile>> = {
  personal: {
    signing: {
      name: 'personal-signing',
      keyUsage: signing,
      extendedKeyUsage: [eku.clientAuth, eku.emailProtection],
      requiresDnsNames: false,
      policy: '1.1',
      revocationPointers: true,
    },
    encryption: {
      name: 'personal-encryption',
      keyUsage: encryption,
      extendedKeyUsage: [eku.emailProtection],
      requiresDnsNames: false,
      policy: '1.2',
      revocationPointers: true,
    },
  },
  organization: {
    signing: {
      name: 'organization-signing',
      keyUsage: signing,
      extendedKeyUsage: [eku.clientAuth, eku.emailProtection],
      requiresDnsNames: false,
      policy: '2.1',
      revocationPointers: true,
    },
    encryption: {
      name: 'organization-encryption',
      keyUsage: encryption,
      extendedKeyUsage: [eku.emailProtection],
      requiresDnsNames: false,
      policy: '2.2',
      revocationPointers: true,
    },
  },
  server: {
    signing: {
      name: 'server-signing',
      // RSA key exchange enciphers the premaster secret with the server key: NSS refuses a TLS
      // server certificate of an RSA key without keyEncipherment.
      keyUsage: {
        ec: KeyUsageFlags.digitalSignature,
        rsa: KeyUsageFlags.digitalSignature | KeyUsageFlags.keyEncipherment,
        sm2: KeyUsageFlags.digitalSignature,
      },
      extendedKeyUsage: [eku.serverAuth, eku.clientAuth],
      requiresDnsNames: true,
      policy: '3.1',
      revocationPointers: true,
    },
    encryption: {
      name: 'server-encryption',
      keyUsage: {
        ec: KeyUsageFlags.keyAgreement,
        rsa: KeyUsageFlags.keyEncipherment,
        sm2: KeyUsageFlags.keyEncipherment | KeyUsageFlags.keyAgreement,
      },
      extendedKeyUsage: [eku.serverAuth],
      requiresDnsNames: true,
      policy: '3.2',
      revocationPointers: true,
    },
  },
};

const withoutEmailProtection = new WeakMap<CertificateProfile, CertificateProfile>();

/**
 * The profile of a subscriber certificate. emailProtection (S/MIME) is only for a certificate that
 * names a mailbox: without an rfc822Name in its SAN the certificate leaves that usage out.
 */
export function subscriberProfile(
  kind: CertificateKind,
  usage: CertificateUsage,
  names: { email?: string },
): CertificateProfile {
  const profile = subscriberProfiles[kind][usage];
  if (names.email || !profile.extendedKeyUsage.includes(eku.emailProtection)) return profile;
  let trimmed = withoutEmailProtection.get(profile);
  if (!trimmed) {
    trimmed = {
      ...profile,
      extendedKeyUsage: profile.extendedKeyUsage.filter((usage) => usage !== eku.emailProtection),
    };
    withoutEmailProtection.set(profile, trimmed);
  }
  return trimmed;
}

const caUsage = {
  ec: KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign,
  rsa: KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign,
  sm2: KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign,
};

export const rootCaProfile: CertificateProfile = {
  name: 'root-ca',
  keyUsage: caUsage,
  extendedKeyUsage: [],
  ca: {},
  requiresDnsNames: false,
  revocationPointers: false,
};

/** The issuing CA signs end entities only (pathLen 0). */
export const issuingCaProfile: CertificateProfile = {
  name: 'issuing-ca',
  keyUsage: caUsage,
  extendedKeyUsage: [],
  ca: { pathLength: 0 },
  requiresDnsNames: false,
  policy: '0',
  revocationPointers: true,
};

/** Delegated OCSP signer: no revocation pointers, since ocsp-nocheck tells clients not to check it. */
export const ocspResponderProfile: CertificateProfile = {
  name: 'ocsp-responder',
  keyUsage: {
    ec: KeyUsageFlags.digitalSignature,
    rsa: KeyUsageFlags.digitalSignature,
    sm2: KeyUsageFlags.digitalSignature,
  },
  extendedKeyUsage: [eku.ocspSigning],
  requiresDnsNames: false,
  policy: '0',
  revocationPointers: false,
  ocspNoCheck: true,
};

/**
 * The time-stamping authority (RFC 3161 §2.3, issue 15): id-kp-timeStamping alone in a critical extendedKeyUsage,
 * a signing key (its tokens are evidence: nonRepudiation beside digitalSignature). No revocation pointers: like the
 * delegated OCSP signer it is no subscriber certificate, and relying parties check it against its issuing CA.
 */
export const timeStampingProfile: CertificateProfile = {
  name: 'time-stamping',
  keyUsage: signing,
  extendedKeyUsage: [eku.timeStamping],
  criticalExtendedKeyUsage: true,
  requiresDnsNames: false,
  policy: '4',
  revocationPointers: false,
};
