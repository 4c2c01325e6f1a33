import { AsnConvert } from '@peculiar/asn1-schema';
import { Extension as AsnExtension, Name as AsnName, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import {
  AuthorityInfoAccessExtension,
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  CertificatePolicyExtension,
  CRLDistributionPointsExtension,
  ExtendedKeyUsageExtension,
  Extension,
  KeyUsagesExtension,
  Name,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  type X509Certificate,
} from '@peculiar/x509';
import { assertLintClean, lintCertificate } from '../lint/certificate-lint';
import type { RevocationPointers } from '../lint/certificate-lints';
import type { CertificateProfile } from '../profiles/certificate-profile';
import { randomSerialNumber, serialNumberFromHex } from './serial-number';
import { signDer } from './signed-der';
import { type Signer, throwawaySigner } from './signer';
import { buildTbsCertificate, keyIdentifier } from './tbs-certificate';

/** Who signs: the CA's signer and certificate, or, for a self-signed root, nothing but the signer. */
export interface IssuingAuthority {
  signer: Signer;
  /** The CA certificate; absent when the certificate being made is self-signed. */
  certificate?: X509Certificate;
  /** Subject DER of the CA certificate. */
  name?: ArrayBuffer;
  keyId?: string;
  pointers?: RevocationPointers;
}

export interface CertificateOrder {
  profile: CertificateProfile;
  /** Distinguished name, RFC 4514 string (from the approved enrollment, never from a CSR). */
  subject: string;
  /** SubjectPublicKeyInfo DER. */
  publicKey: Buffer;
  dnsNames?: string[];
  notBefore: Date;
  notAfter: Date;
  /** A serial reserved earlier (hex); a fresh random one otherwise. */
  serialNumber?: string;
}

export interface MadeCertificate {
  der: Buffer;
  serialNumber: string;
}

/**
 * Builds a certificate from a profile, lints it signed with a throwaway key and only then signs it
 * with the CA key, so a certificate that breaks its profile never exists with a real signature.
 */
export class CertificateFactory {
  /**
   * The extensions every certificate of one profile, key family and CA has in common, encoded once:
   * building them per certificate was a third of the issuance time.
   */
  private readonly common = new WeakMap<CertificateProfile, Map<string, CommonExtensions>>();

  constructor(private readonly policyArc: string) {}

  async make(order: CertificateOrder, authority: IssuingAuthority): Promise<MadeCertificate> {
    const serial = order.serialNumber ? serialNumberFromHex(order.serialNumber) : randomSerialNumber();
    const subject = AsnConvert.parse(new Name(order.subject).toArrayBuffer(), AsnName);
    const publicKey = AsnConvert.parse(order.publicKey, SubjectPublicKeyInfo);
    const fields = {
      serialNumber: serial.der,
      issuer: authority.name ?? subject,
      subject,
      notBefore: order.notBefore,
      notAfter: order.notAfter,
      publicKey,
      extensions: this.extensions(order, publicKey, authority),
    };
    // The throwaway key has the CA key's algorithm, so one TBS serves both signatures.
    const tbs = buildTbsCertificate(fields, authority.signer.algorithm);
    const linted = await signDer(tbs, throwawaySigner(authority.signer.algorithm));
    assertLintClean(
      lintCertificate(linted, {
        profile: order.profile,
        issuer: authority.certificate,
        policyArc: this.policyArc,
        pointers: authority.pointers,
      }),
    );
    const der = await signDer(tbs, authority.signer);
    return { der, serialNumber: serial.hex };
  }

  /** basicConstraints, keyUsage, SKI, AKI, extendedKeyUsage, SAN, policies, CRL DP, AIA, ocsp-nocheck. */
  private extensions(
    order: CertificateOrder,
    publicKey: SubjectPublicKeyInfo,
    authority: IssuingAuthority,
  ): AsnExtension[] {
    const family = publicKey.algorithm.algorithm === ecPublicKeyOid ? 'ec' : 'rsa';
    const common = this.commonExtensions(order.profile, family, authority);
    const subjectAlternativeName = order.dnsNames?.length
      ? [asn(new SubjectAlternativeNameExtension(order.dnsNames.map((value) => ({ type: 'dns', value }))))]
      : [];
    return [
      ...common.beforeKeyId,
      asn(new SubjectKeyIdentifierExtension(keyIdentifier(publicKey))),
      ...common.beforeNames,
      ...subjectAlternativeName,
      ...common.afterNames,
    ];
  }

  private commonExtensions(profile: CertificateProfile, family: 'ec' | 'rsa', authority: IssuingAuthority) {
    let byKey = this.common.get(profile);
    if (!byKey) {
      byKey = new Map();
      this.common.set(profile, byKey);
    }
    const key = JSON.stringify([family, authority.keyId, authority.pointers]);
    const cached = byKey.get(key);
    if (cached) return cached;
    const beforeNames: Extension[] = [];
    if (authority.keyId) beforeNames.push(new AuthorityKeyIdentifierExtension(authority.keyId));
    if (profile.extendedKeyUsage.length) beforeNames.push(new ExtendedKeyUsageExtension(profile.extendedKeyUsage));
    const afterNames: Extension[] = [];
    if (profile.policy) afterNames.push(new CertificatePolicyExtension([`${this.policyArc}.${profile.policy}`]));
    if (profile.revocationPointers && authority.pointers) {
      afterNames.push(new CRLDistributionPointsExtension([authority.pointers.crlUrl]));
      afterNames.push(
        new AuthorityInfoAccessExtension({
          ocsp: authority.pointers.ocspUrl ? [authority.pointers.ocspUrl] : [],
          caIssuers: [authority.pointers.caIssuersUrl],
        }),
      );
    }
    if (profile.ocspNoCheck) afterNames.push(new Extension(ocspNoCheckOid, false, new Uint8Array([5, 0]).buffer));
    const common: CommonExtensions = {
      beforeKeyId: [
        new BasicConstraintsExtension(Boolean(profile.ca), profile.ca?.pathLength, true),
        new KeyUsagesExtension(profile.keyUsage[family], true),
      ].map(asn),
      beforeNames: beforeNames.map(asn),
      afterNames: afterNames.map(asn),
    };
    byKey.set(key, common);
    return common;
  }
}

/** The extensions shared by the certificates of one profile, key family and CA, parsed once. */
interface CommonExtensions {
  beforeKeyId: AsnExtension[];
  beforeNames: AsnExtension[];
  afterNames: AsnExtension[];
}

function asn(extension: Extension): AsnExtension {
  return AsnConvert.parse(extension.rawData, AsnExtension);
}

const ocspNoCheckOid = '1.3.6.1.5.5.7.48.1.5';
/** id-ecPublicKey (RFC 5480): the key family decides the profile's keyUsage. */
const ecPublicKeyOid = '1.2.840.10045.2.1';
