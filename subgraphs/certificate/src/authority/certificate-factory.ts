import { createPublicKey } from 'node:crypto';
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
  constructor(private readonly policyArc: string) {}

  async make(order: CertificateOrder, authority: IssuingAuthority): Promise<MadeCertificate> {
    const serial = order.serialNumber ? serialNumberFromHex(order.serialNumber) : randomSerialNumber();
    const subject = new Name(order.subject).toArrayBuffer();
    const fields = {
      serialNumber: serial.der,
      issuer: authority.name ?? subject,
      subject,
      notBefore: order.notBefore,
      notAfter: order.notAfter,
      publicKey: order.publicKey,
      extensions: this.extensions(order, authority),
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

  private extensions(order: CertificateOrder, authority: IssuingAuthority): Extension[] {
    const { profile } = order;
    const family = familyOfKey(order.publicKey);
    const extensions: Extension[] = [
      new BasicConstraintsExtension(Boolean(profile.ca), profile.ca?.pathLength, true),
      new KeyUsagesExtension(profile.keyUsage[family], true),
      new SubjectKeyIdentifierExtension(keyIdentifier(order.publicKey)),
    ];
    if (authority.keyId) extensions.push(new AuthorityKeyIdentifierExtension(authority.keyId));
    if (profile.extendedKeyUsage.length) extensions.push(new ExtendedKeyUsageExtension(profile.extendedKeyUsage));
    if (order.dnsNames?.length) {
      extensions.push(new SubjectAlternativeNameExtension(order.dnsNames.map((value) => ({ type: 'dns', value }))));
    }
    if (profile.policy) extensions.push(new CertificatePolicyExtension([`${this.policyArc}.${profile.policy}`]));
    if (profile.revocationPointers && authority.pointers) {
      extensions.push(new CRLDistributionPointsExtension([authority.pointers.crlUrl]));
      extensions.push(
        new AuthorityInfoAccessExtension({
          ocsp: authority.pointers.ocspUrl ? [authority.pointers.ocspUrl] : [],
          caIssuers: [authority.pointers.caIssuersUrl],
        }),
      );
    }
    if (profile.ocspNoCheck) extensions.push(new Extension(ocspNoCheckOid, false, new Uint8Array([5, 0]).buffer));
    return extensions;
  }
}

const ocspNoCheckOid = '1.3.6.1.5.5.7.48.1.5';

function familyOfKey(publicKey: Buffer): 'ec' | 'rsa' {
  return createPublicKey({ key: publicKey, format: 'der', type: 'spki' }).asymmetricKeyType === 'ec' ? 'ec' : 'rsa';
}
