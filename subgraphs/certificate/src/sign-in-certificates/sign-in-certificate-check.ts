import type { EntityManager } from '@mikro-orm/postgresql';
import { KeyUsageFlags, KeyUsagesExtension, X509Certificate } from '@peculiar/x509';
import type { CaHierarchy, LoadedAuthority } from '../authority/ca-hierarchy';
import { childrenOf, readWhole } from '../authority/der-reader';
import { Certificate, type CertificateKind } from '../certificates/certificate.entity';
import { CertificateError, type CertificateErrorCode } from '../errors';
import { rawEcdsaToDer } from '../keys/ecdsa-signature';
import { familyOf, type ParsedPublicKey, readPublicKey } from '../keys/public-key';
import { type SignatureHash, verifySignature, verifySigned } from '../keys/signature-verification';
import { certificateState } from '../revocation/certificate-state';

/** What a certificate sign-in presents: the certificate, the exact bytes it signed, the signature. */
export interface SignInProof {
  /** Base64 DER, or PEM. */
  certificate: string;
  /** Base64 of the challenge bytes identity issued. */
  challenge: string;
  /** Base64 of the signature over the challenge bytes. */
  signature: string;
}

/** The subscriber a verified sign-in certificate names (CT-1): a person (their account) or an insured unit. */
export interface SignInSubscriber {
  certificateId: string;
  serialNumber: string;
  kind: Exclude<CertificateKind, 'server'>;
  subject: string;
  /** The hierarchy that issued it (`international`, `sm2`). */
  hierarchy: string;
  notAfter: Date;
  /** A personal certificate: the identity account of its holder. */
  holderUserId: string | null;
  /** The person's or unit's social-insurance number (社保编号). */
  insuranceNumber: string | null;
  /** An organization certificate: the unit's unified social credit code. */
  creditCode: string | null;
  /** An organization certificate: the unit's name (the subject's O, else its CN). */
  unitName: string | null;
}

/**
 * The signature a client makes over the challenge, per key family of its certificate:
 * RSA keys sign RSASSA-PKCS1-v1_5 with SHA-256 (WebCrypto `RSASSA-PKCS1-v1_5`, PKCS#11 `CKM_SHA256_RSA_PKCS`);
 * P-256 keys ECDSA with SHA-256 (P-384: SHA-384), as DER `ECDSA-Sig-Value` or raw r‖s (WebCrypto's form);
 * SM2 keys SM3withSM2 with GM/T 0009's default identifier `1234567812345678`, DER or raw r‖s.
 */
export const signInSignatureHashes = { rsa: 'sha256', ec: 'sha256', sm2: 'sm3' } as const;

const base64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

function bytesOf(value: string, max: number): Buffer | undefined {
  const compact = value.replace(/\s+/g, '');
  if (!compact || compact.length > max || !base64.test(compact)) return undefined;
  const bytes = Buffer.from(compact.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return bytes.length ? bytes : undefined;
}

/** DER of a certificate given as PEM or base64 DER; undefined for anything else. */
function certificateDer(value: string): Buffer | undefined {
  const pem = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(value);
  return bytesOf(pem?.[1] ?? value, 16_384);
}

/** Whether `signature` is a whole strict-DER SEQUENCE of two INTEGERs (an ECDSA-Sig-Value). */
function isDerSignature(signature: Buffer): boolean {
  try {
    const parts = childrenOf(signature, readWhole(signature));
    return parts.length === 2 && parts.every((part) => part.tag === 0x02);
  } catch {
    return false;
  }
}

/** The hash and the DER signature to verify, for the key's family. */
function signatureFor(key: ParsedPublicKey, signature: Buffer): { hash: SignatureHash; signature: Buffer } | undefined {
  const family = familyOf(key);
  if (!family) return undefined;
  if (family === 'rsa') return { hash: signInSignatureHashes.rsa, signature };
  const curve = key.keyObject?.asymmetricKeyDetails?.namedCurve;
  const hash: SignatureHash = family === 'sm2' ? 'sm3' : curve === 'secp384r1' ? 'sha384' : 'sha256';
  const size = curve === 'secp384r1' ? 48 : 32;
  if (isDerSignature(signature)) return { hash, signature };
  return signature.length === 2 * size ? { hash, signature: rawEcdsaToDer(signature) } : undefined;
}

const refuse = (code: CertificateErrorCode) => new CertificateError(code);

/**
 * Issue 15, certificate sign-in: the certificate subgraph, which owns the CA and the certificates' status,
 * checks what a client presents for identity, which trusts nothing the client says: the chain to one of
 * Tessera's issuing CAs (either hierarchy, any generation), the certificate's record and live status (CT-5:
 * suspended, revoked), its validity now (CT-6 -10101039 once expired), the key usage digitalSignature, and the
 * signature over the challenge. Answers the subscriber. Reads only; identity owns the challenge and the session.
 */
export class SignInCertificateCheck {
  private readonly clock: () => Date;

  constructor(
    private readonly em: EntityManager,
    private readonly hierarchy: CaHierarchy,
    clock?: () => Date,
  ) {
    this.clock = clock ?? (() => new Date());
  }

  async check(proof: SignInProof): Promise<SignInSubscriber> {
    const now = this.clock();
    const der = certificateDer(proof.certificate);
    let parsed: X509Certificate;
    let key: ParsedPublicKey;
    try {
      if (!der) throw refuse('SIGN_IN_CERTIFICATE_MALFORMED');
      parsed = new X509Certificate(der);
      key = readPublicKey(Buffer.from(parsed.publicKey.rawData));
    } catch {
      throw refuse('SIGN_IN_CERTIFICATE_MALFORMED');
    }
    const authority = await this.issuerOf(der, parsed);
    if (!authority) throw refuse('SIGN_IN_CERTIFICATE_UNTRUSTED');
    const serialNumber = parsed.serialNumber.toLowerCase().replace(/^(00)+(?=.)/, '');
    const record = await this.em
      .fork()
      .findOne(Certificate, { serialNumber, authorityId: authority.entity.id }, { populate: ['subjectOrganization'] });
    if (!record) throw refuse('SIGN_IN_CERTIFICATE_UNKNOWN');
    const state = certificateState(record, now);
    if (state === 'suspended') throw refuse('SIGN_IN_CERTIFICATE_SUSPENDED');
    if (state === 'revoked') throw refuse('SIGN_IN_CERTIFICATE_REVOKED');
    if (now > record.notAfter) throw refuse('SIGN_IN_CERTIFICATE_EXPIRED');
    if (now < record.notBefore) throw refuse('SIGN_IN_CERTIFICATE_NOT_YET_VALID');
    const usages = parsed.getExtension(KeyUsagesExtension)?.usages ?? 0;
    if (record.usage !== 'signing' || !(usages & KeyUsageFlags.digitalSignature)) {
      throw refuse('SIGN_IN_KEY_USAGE_INVALID');
    }
    if (record.kind === 'server') throw refuse('SIGN_IN_CERTIFICATE_KIND_INVALID');
    await this.verifyChallenge(key, proof);
    const organization = record.kind === 'organization';
    return {
      certificateId: record.id,
      serialNumber: record.serialNumber,
      kind: record.kind,
      subject: record.subject,
      hierarchy: authority.entity.hierarchy,
      notAfter: record.notAfter,
      holderUserId: organization ? null : (record.holderUserId ?? null),
      insuranceNumber: record.insuranceNumber ?? null,
      creditCode: organization ? (record.creditCode ?? null) : null,
      unitName: organization ? (record.subjectOrganization ?? commonName(parsed) ?? null) : null,
    };
  }

  /** The issuing CA (any hierarchy and generation, retired ones too) whose name and key the certificate's signature matches. */
  private async issuerOf(der: Buffer, parsed: X509Certificate): Promise<LoadedAuthority | undefined> {
    const issuing = (await this.hierarchy.authorities()).filter(
      (authority) => authority.entity.role === 'issuing' && authority.certificate.subject === parsed.issuer,
    );
    for (const authority of issuing) {
      if (await verifySigned(der, Buffer.from(authority.certificate.publicKey.rawData))) return authority;
    }
    return undefined;
  }

  private async verifyChallenge(key: ParsedPublicKey, proof: SignInProof): Promise<void> {
    const challenge = bytesOf(proof.challenge, 4_096);
    const presented = bytesOf(proof.signature, 4_096);
    const signature = presented && signatureFor(key, presented);
    if (!challenge || !signature) throw refuse('SIGN_IN_SIGNATURE_INVALID');
    let verified = false;
    try {
      verified = await verifySignature(signature.hash, key, challenge, signature.signature);
    } catch {
      verified = false;
    }
    if (!verified) throw refuse('SIGN_IN_SIGNATURE_INVALID');
  }
}

function commonName(parsed: X509Certificate): string | undefined {
  return parsed.subjectName.getField('CN')[0];
}
