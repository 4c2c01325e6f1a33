import type { KeyObject } from 'node:crypto';
import {
  AuthorityInfoAccessExtension,
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  CertificatePolicyExtension,
  CRLDistributionPointsExtension,
  ExtendedKeyUsageExtension,
  Extension,
  ExtensionFactory,
  KeyUsagesExtension,
  Name,
  SubjectAlternativeNameExtension,
  type X509Certificate,
} from '@peculiar/x509';
import type { KeyFamily } from '../keys/key-algorithm';
import { keyFamily } from '../keys/public-key';
import { assertLintClean, lintContent } from '../lint/certificate-lint';
import type { CertificateContent, ExtensionView, RevocationPointers } from '../lint/certificate-lints';
import type { CertificateProfile } from '../profiles/certificate-profile';
import { type IdentityExtensionValues, identityExtensionValueDer } from '../profiles/identity-extensions';
import { nameDer } from './name-der';
import { randomSerialNumber, serialNumberFromHex } from './serial-number';
import { signDer } from './signed-der';
import { type Signer, signatureAlgorithmDer } from './signer';
import { encodeTbsCertificate, keyIdentifier, subjectKeyIdentifierExtension } from './tbs-certificate';
import { wholeSeconds } from './whole-seconds';

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
  /** The same key parsed from these bytes, when the caller already has it (the CSR check). */
  publicKeyObject?: KeyObject;
  dnsNames?: string[];
  /** An rfc822Name for the SAN. */
  email?: string;
  notBefore: Date;
  notAfter: Date;
  /** A serial reserved earlier (hex); a fresh random one otherwise. */
  serialNumber?: string;
  /** GM/T 0015 identity extensions the certificate carries (the profile setting decides). */
  identity?: IdentityExtensionValues;
}

export interface MadeCertificate {
  der: Buffer;
  serialNumber: string;
}

/** An extension as the lints read it (decoded from its DER where they read fields) and as the certificate carries it. */
interface BuiltExtension {
  view: ExtensionView;
  der: Buffer;
}

/**
 * Builds a certificate from a profile, lints what it is about to encode and only then signs it
 * with the CA key, so a certificate that breaks its profile never exists with a real signature.
 * The lints read no signature, so nothing is signed twice.
 */
export class CertificateFactory {
  /**
   * The extensions every certificate of one profile, key family and CA has in common, encoded and
   * decoded back once: building them per certificate was a third of the issuance time.
   */
  private readonly common = new WeakMap<CertificateProfile, Map<string, CommonExtensions>>();

  constructor(private readonly policyArc: string) {}

  async make(order: CertificateOrder, authority: IssuingAuthority): Promise<MadeCertificate> {
    const { tbs, content, serialNumber } = this.draft(order, authority);
    assertLintClean(
      lintContent(content, {
        profile: order.profile,
        issuer: authority.certificate,
        policyArc: this.policyArc,
        pointers: authority.pointers,
        identity: order.identity,
      }),
    );
    return { der: await signDer(tbs, authority.signer), serialNumber };
  }

  /** The TBSCertificate DER and, field for field, what it says (what the lints read). */
  draft(
    order: CertificateOrder,
    authority: IssuingAuthority,
  ): { tbs: Buffer; content: CertificateContent; serialNumber: string } {
    const serial = order.serialNumber ? serialNumberFromHex(order.serialNumber) : randomSerialNumber();
    const subject = new Name(order.subject);
    const subjectDer = nameDer(subject);
    const algorithm = signatureAlgorithmDer(authority.signer.algorithm);
    const extensions = this.extensions(order, authority);
    const content: CertificateContent = {
      version: 2,
      serialNumber: serial.der,
      innerSignatureAlgorithm: algorithm,
      outerSignatureAlgorithm: algorithm,
      issuer: authority.name ? Buffer.from(authority.name) : subjectDer,
      subject,
      subjectDer,
      notBefore: wholeSeconds(order.notBefore),
      notAfter: wholeSeconds(order.notAfter),
      publicKey: order.publicKey,
      publicKeyObject: order.publicKeyObject,
      extensions: extensions.map((extension) => extension.view),
    };
    const tbs = encodeTbsCertificate({
      serialNumber: content.serialNumber,
      signatureAlgorithm: content.innerSignatureAlgorithm,
      issuer: content.issuer,
      notBefore: content.notBefore,
      notAfter: content.notAfter,
      subject: subjectDer,
      publicKey: order.publicKey,
      extensions: extensions.map((extension) => extension.der),
    });
    return { tbs, content, serialNumber: serial.hex };
  }

  /** basicConstraints, keyUsage, SKI, AKI, extendedKeyUsage, SAN, policies, CRL DP, AIA, ocsp-nocheck, GM/T 0015. */
  private extensions(order: CertificateOrder, authority: IssuingAuthority): BuiltExtension[] {
    const common = this.commonExtensions(order.profile, keyFamily(order.publicKey), authority);
    const subjectKeyId = subjectKeyIdentifierExtension(keyIdentifier(order.publicKey));
    const names = [
      ...(order.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
      ...(order.email ? [{ type: 'email' as const, value: order.email }] : []),
    ];
    const subjectAlternativeName = names.length ? [decodedBack(new SubjectAlternativeNameExtension(names))] : [];
    return [
      ...common.beforeKeyId,
      {
        view: { type: subjectKeyIdentifierOid, critical: false, rawData: arrayBufferOf(subjectKeyId) },
        der: subjectKeyId,
      },
      ...common.beforeNames,
      ...subjectAlternativeName,
      ...common.afterNames,
      ...(order.identity ? identityExtensionValueDer(order.identity) : []).map(({ oid, der }) =>
        decodedBack(new Extension(oid, false, arrayBufferOf(der))),
      ),
    ];
  }

  private commonExtensions(profile: CertificateProfile, family: KeyFamily, authority: IssuingAuthority) {
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
    if (profile.extendedKeyUsage.length)
      beforeNames.push(new ExtendedKeyUsageExtension(profile.extendedKeyUsage, profile.criticalExtendedKeyUsage));
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
      ].map(decodedBack),
      beforeNames: beforeNames.map(decodedBack),
      afterNames: afterNames.map(decodedBack),
    };
    byKey.set(key, common);
    return common;
  }
}

/** The extensions shared by the certificates of one profile, key family and CA. */
interface CommonExtensions {
  beforeKeyId: BuiltExtension[];
  beforeNames: BuiltExtension[];
  afterNames: BuiltExtension[];
}

/** Encoded, then decoded from those bytes, so the lints read what the certificate will carry. */
function decodedBack(extension: Extension): BuiltExtension {
  const der = Buffer.from(extension.rawData);
  return { view: ExtensionFactory.create(der), der };
}

function arrayBufferOf(bytes: Buffer): ArrayBuffer {
  return new Uint8Array(bytes).buffer;
}

const ocspNoCheckOid = '1.3.6.1.5.5.7.48.1.5';
const subjectKeyIdentifierOid = '2.5.29.14';
