import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { KeyUsageFlags, KeyUsagesExtension, X509Certificate } from '@peculiar/x509';
import { executePrepared } from '@tessera/kit';
import type { CaHierarchy, LoadedAuthority } from '../authority/ca-hierarchy';
import { childrenOf, readWhole } from '../authority/der-reader';
import type { CertificateKind, CertificateUsage } from '../certificates/certificate.entity';
import { subjectAttributeSql } from '../certificates/subject-names';
import { CertificateError, type CertificateErrorCode } from '../errors';
import { rawEcdsaToDer } from '../keys/ecdsa-signature';
import { familyOf, type ParsedPublicKey, readPublicKey } from '../keys/public-key';
import { type SignatureHash, verifySignature, verifySigned } from '../keys/signature-verification';
import { certificateState } from '../revocation/certificate-state';
import type { RevocationReason } from '../revocation/revocation-reason';

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
  const hash: SignatureHash =
    family === 'sm2' ? signInSignatureHashes.sm2 : curve === 'secp384r1' ? 'sha384' : signInSignatureHashes.ec;
  const size = curve === 'secp384r1' ? 48 : 32;
  if (isDerSignature(signature)) return { hash, signature };
  return signature.length === 2 * size ? { hash, signature: rawEcdsaToDer(signature) } : undefined;
}

const refuse = (code: CertificateErrorCode) => new CertificateError(code);

/** What a certificate's bytes say, once its chain to a Tessera issuing CA verified: the same for every sign-in. */
interface CertificateFacts {
  authority: LoadedAuthority;
  serialNumber: string;
  key: ParsedPublicKey;
  digitalSignature: boolean;
  commonName?: string;
}

/** The row of a certificate, as the check reads it (one prepared statement). */
interface CertificateRow {
  id: string;
  serial_number: string;
  kind: CertificateKind;
  usage: CertificateUsage;
  subject: string;
  organization: string | null;
  insurance_number: string | null;
  credit_code: string | null;
  holder_user_id: string | null;
  /** The ORM's driver reads timestamps as text. */
  not_before: string;
  not_after: string;
  issued_at: string | null;
  revoked_at: string | null;
  revocation_reason: RevocationReason | null;
}

/** Certificates whose facts are kept: a unit's EKey signs in again and again with the same one. */
const maxKnownCertificates = 1_000;

/**
 * Issue 15, certificate sign-in: the certificate subgraph, which owns the CA and the certificates' status,
 * checks what a client presents for identity, which trusts nothing the client says: the chain to one of
 * Tessera's issuing CAs (either hierarchy, any generation), the certificate's record and live status (CT-5:
 * suspended, revoked), its validity now (CT-6 -10101039 once expired), the key usage digitalSignature, and the
 * signature over the challenge. Answers the subscriber. Reads only; identity owns the challenge and the session.
 */
export class SignInCertificateCheck {
  private readonly clock: () => Date;
  private readonly known = new Map<string, CertificateFacts>();

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
    if (!der) throw refuse('SIGN_IN_CERTIFICATE_MALFORMED');
    const facts = await this.factsOf(der);
    const [row] = await executePrepared<CertificateRow>(this.em, {
      sql: `select "id", "serial_number", "kind", "usage", "subject", ${subjectAttributeSql('O')} as "organization",
              "insurance_number", "credit_code", "holder_user_id", "not_before", "not_after", "issued_at", "revoked_at",
              "revocation_reason"
            from "certificate"."certificate" where "serial_number" = ? and "authority_id" = ?`,
      params: [facts.serialNumber, facts.authority.entity.id],
    });
    if (!row?.issued_at) throw refuse('SIGN_IN_CERTIFICATE_UNKNOWN');
    const notBefore = new Date(row.not_before);
    const notAfter = new Date(row.not_after);
    const state = certificateState(
      {
        issuedAt: new Date(row.issued_at),
        notBefore,
        notAfter,
        revokedAt: row.revoked_at ? new Date(row.revoked_at) : null,
        revocationReason: row.revocation_reason,
      },
      now,
    );
    if (state === 'suspended') throw refuse('SIGN_IN_CERTIFICATE_SUSPENDED');
    if (state === 'revoked') throw refuse('SIGN_IN_CERTIFICATE_REVOKED');
    if (now > notAfter) throw refuse('SIGN_IN_CERTIFICATE_EXPIRED');
    if (now < notBefore) throw refuse('SIGN_IN_CERTIFICATE_NOT_YET_VALID');
    if (row.usage !== 'signing' || !facts.digitalSignature) throw refuse('SIGN_IN_KEY_USAGE_INVALID');
    if (row.kind === 'server') throw refuse('SIGN_IN_CERTIFICATE_KIND_INVALID');
    await this.verifyChallenge(facts.key, proof);
    const organization = row.kind === 'organization';
    return {
      certificateId: row.id,
      serialNumber: row.serial_number,
      kind: row.kind,
      subject: row.subject,
      hierarchy: facts.authority.entity.hierarchy,
      notAfter,
      holderUserId: organization ? null : row.holder_user_id,
      insuranceNumber: row.insurance_number,
      creditCode: organization ? row.credit_code : null,
      unitName: organization ? (row.organization ?? facts.commonName ?? null) : null,
    };
  }

  /**
   * The facts of a certificate whose chain verified, read once per certificate (by the digest of its DER)
   * and kept for the next sign-ins: parsing and the CA's signature take most of a check. Its status, validity
   * and the signature over the challenge are checked on every sign-in.
   */
  private async factsOf(der: Buffer): Promise<CertificateFacts> {
    const digest = createHash('sha256').update(der).digest('base64');
    const known = this.known.get(digest);
    if (known) return known;
    let parsed: X509Certificate;
    let key: ParsedPublicKey;
    try {
      parsed = new X509Certificate(der);
      key = readPublicKey(Buffer.from(parsed.publicKey.rawData));
    } catch {
      throw refuse('SIGN_IN_CERTIFICATE_MALFORMED');
    }
    const authority = await this.issuerOf(der, parsed);
    if (!authority) throw refuse('SIGN_IN_CERTIFICATE_UNTRUSTED');
    const facts: CertificateFacts = {
      authority,
      serialNumber: parsed.serialNumber.toLowerCase().replace(/^(00)+(?=.)/, ''),
      key,
      digitalSignature: Boolean(
        (parsed.getExtension(KeyUsagesExtension)?.usages ?? 0) & KeyUsageFlags.digitalSignature,
      ),
      commonName: parsed.subjectName.getField('CN')[0],
    };
    if (this.known.size >= maxKnownCertificates) this.known.delete(this.known.keys().next().value as string);
    this.known.set(digest, facts);
    return facts;
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
