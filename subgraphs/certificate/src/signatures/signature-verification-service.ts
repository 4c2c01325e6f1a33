import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { KeyUsageFlags, KeyUsagesExtension, X509Certificate } from '@peculiar/x509';
import { GroupInsert } from '@tessera/kit';
import type { CaHierarchy, LoadedAuthority } from '../authority/ca-hierarchy';
import { Certificate } from '../certificates/certificate.entity';
import type { CertificateErrorCode } from '../errors';
import { rawEcdsaToDer } from '../keys/ecdsa-signature';
import type { KeyFamily } from '../keys/key-algorithm';
import { familyOf, type ParsedPublicKey, readPublicKey } from '../keys/public-key';
import { type SignatureHash, verifySignature, verifySigned } from '../keys/signature-verification';
import { RevocationEvent } from '../revocation/revocation-event.entity';
import type { RevocationReason } from '../revocation/revocation-reason';
import type { RevocationStatus } from '../revocation/revocation-transitions';
import { checkSignatureAlgorithm, digestNames, signatureAlgorithmName } from './signature-algorithms';
import { readSignatureInput, type SignatureEvidence, type SignatureInput } from './signature-input';
import { SignatureRefusal } from './signature-refusal';
import type { SignatureTimestampVerifier } from './signature-timestamp-verifier';
import { type SignatureForm, SignatureVerification, type SigningTimeSource } from './signature-verification.entity';
import { type StatusAt, type StatusChange, statusAt } from './status-at-signing';

/** Later than any status change: the status at it is the status now. */
const endOfTime = new Date(8.64e15);

/** Signers kept parsed and chained: a certificate's DER verifies under its CA once and for all. */
const signerCacheSize = 1024;

/** What the signature commits to: content commitment needs nonRepudiation, a plain signature digitalSignature. */
export type SignaturePurpose = 'contentCommitment' | 'digitalSignature';

const purposeKeyUsage: Record<SignaturePurpose, { flag: KeyUsageFlags; name: string }> = {
  contentCommitment: { flag: KeyUsageFlags.nonRepudiation, name: 'nonRepudiation' },
  digitalSignature: { flag: KeyUsageFlags.digitalSignature, name: 'digitalSignature' },
};

/** CT-6's client error codes, for the refusals a client shows with the support handbook's cause and fix. */
export const clientErrorCodes: Partial<Record<CertificateErrorCode, string>> = {
  SIGNATURE_SIGNER_CERTIFICATE_MISSING: '-10101011',
  SIGNATURE_CERTIFICATE_UNTRUSTED: '-10101029',
  SIGNATURE_CERTIFICATE_EXPIRED: '-10101039',
};

/** Who asked: the principal's kind (`system`, `staff`...) and its subject (a system's code, a staff user id). */
export interface Requester {
  kind: string;
  subject: string;
}

/** The signer, from the certificate and the RA's data on its row (GM/T 0015 numbers). */
export interface SignerFacts {
  certificateId: string;
  serialNumber: string;
  subject: string;
  kind: Certificate['kind'];
  /** The unit's name: an organization certificate's CN, else the subject's O when there is one. */
  unitName?: string;
  insuranceNumber?: string;
  creditCode?: string;
  /** e.g. `SHA256withECDSA`, `SM3withSM2`. */
  signatureAlgorithm: string;
  hierarchy: string;
  notBefore: Date;
  notAfter: Date;
}

/** The certificate's status now: a signature made before a revocation verifies, and says when it came. */
export interface SignerRevocation {
  status: RevocationStatus;
  revokedAt?: Date;
  reason?: RevocationReason;
}

/** The answer of one verification, stored as `record` (issue 15 item 3). */
export interface VerificationOutcome {
  record: SignatureVerification;
  valid: boolean;
  code?: CertificateErrorCode;
  params: Record<string, string | number>;
  signer?: SignerFacts;
  signingTime?: Date;
  signingTimeSource: SigningTimeSource;
  revocation?: SignerRevocation;
  digestAlgorithm?: string;
}

export interface SignatureVerificationServiceOptions {
  em: EntityManager;
  hierarchy: CaHierarchy;
  /** Checks signature time-stamp tokens; without one their signing time is read as unverified. */
  timestamps?: SignatureTimestampVerifier;
  clock?: () => Date;
}

/** What the checks found so far: the answer carries it whether the signature verifies or not. */
interface Findings {
  form?: SignatureForm;
  signer?: SignerFacts;
  signingTime?: Date;
  signingTimeSource: SigningTimeSource;
  revocation?: SignerRevocation;
  digestAlgorithm?: string;
}

/** A certificate Tessera issued, its issuing CA and its key, with what every verification reads of them. */
interface KnownSigner {
  row: Certificate;
  certificate: X509Certificate;
  authority: LoadedAuthority;
  key: ParsedPublicKey;
  family: KeyFamily;
  /** The key usage extension's flags (0 without one). */
  keyUsage: number;
  /** Octets of r and of s in a raw ECDSA signature by this key. */
  ecdsaScalarSize: number;
  /** The signer as answered, by digest. */
  facts: Map<SignatureHash, SignerFacts>;
}

/**
 * The signature verification service (签名验签, in the spirit of GM/T 0029; issue 15 item 3): a CMS SignedData
 * or a raw signature is checked for its signature, its chain to an issuing CA of Tessera, the key usage for its
 * purpose, and the certificate's validity and status at signing time. Every call is recorded, bad input
 * included, and answered as data: valid, or a catalogue code.
 */
export class SignatureVerificationService {
  private readonly clock: () => Date;
  private readonly records: GroupInsert<SignatureVerification>;
  /** Certificates already parsed and chained, by DER (base64). */
  private readonly signers = new Map<string, KnownSigner>();
  /** Status histories read, by certificate id: forgotten on every status change (`invalidate`). */
  private statusHistories = new Map<string, Promise<StatusChange[]>>();

  constructor(private readonly options: SignatureVerificationServiceOptions) {
    this.clock = options.clock ?? (() => new Date());
    // A crash may lose the records of the last fraction of a second: the answers they recorded were given.
    this.records = new GroupInsert({
      em: options.em,
      entity: SignatureVerification,
      asynchronousCommit: true,
      concurrentBatches: 4,
    });
  }

  /**
   * Forgets the status histories read: called after every status change here and when another replica
   * announces one (CT-5, as for cached OCSP answers), so a revocation counts on every replica within a second.
   */
  invalidate(): void {
    this.statusHistories = new Map();
  }

  /** Waits for the records still being written (shutdown). */
  idle(): Promise<void> {
    return this.records.idle();
  }

  async verify(input: SignatureInput, purpose: SignaturePurpose, requester: Requester): Promise<VerificationOutcome> {
    const requestedAt = this.clock();
    const findings: Findings = { signingTimeSource: 'none' };
    let refusal: SignatureRefusal | undefined;
    try {
      await this.check(input, purpose, requestedAt, findings);
    } catch (error) {
      if (!(error instanceof SignatureRefusal)) throw error;
      refusal = error;
    }
    const record = Object.assign(new SignatureVerification(), {
      requesterKind: requester.kind,
      requester: requester.subject,
      requestedAt,
      form: findings.form,
      inputDigest: inputDigest(input, purpose),
      valid: !refusal,
      code: refusal?.code,
      certificateId: findings.signer?.certificateId,
      certificateSerial: findings.signer?.serialNumber,
      signingTime: findings.signingTime,
      signingTimeSource: findings.signingTimeSource,
    });
    await this.records.insert(record);
    return { record, valid: !refusal, code: refusal?.code, params: refusal?.params ?? {}, ...findings };
  }

  /** A stored verification (auditors). */
  record(id: string): Promise<SignatureVerification | null> {
    return this.options.em.fork().findOne(SignatureVerification, { id });
  }

  /** Stored verifications, newest first, and how many there are. */
  list(page: { first: number; offset: number }): Promise<[SignatureVerification[], number]> {
    return this.options.em
      .fork()
      .findAndCount(
        SignatureVerification,
        {},
        { orderBy: { requestedAt: 'desc', id: 'asc' }, limit: page.first, offset: page.offset },
      );
  }

  private async check(input: SignatureInput, purpose: SignaturePurpose, now: Date, findings: Findings): Promise<void> {
    const evidence = readSignatureInput(input);
    findings.form = evidence.form;
    const signer = await this.signer(evidence);
    const hash = evidence.hash ?? (signer.family === 'sm2' ? 'sm3' : 'sha256');
    findings.digestAlgorithm = digestNames[hash];
    let facts = signer.facts.get(hash);
    if (!facts) {
      facts = Object.freeze(signerFacts(signer, hash));
      signer.facts.set(hash, facts);
    }
    findings.signer = facts;
    findings.revocation = revocationNow(statusAt(await this.statusHistory(signer.row.id), endOfTime));

    if (evidence.form === 'cms') checkSignatureAlgorithm(evidence.signatureAlgorithm as string, hash, signer.family);
    else if ((hash === 'sm3') !== (signer.family === 'sm2')) {
      throw new SignatureRefusal('SIGNATURE_ALGORITHM_UNSUPPORTED', { algorithm: digestNames[hash] });
    }
    await checkSignature(evidence, hash, signer);
    checkKeyUsage(signer.keyUsage, purpose);

    const { time, source } = await this.signingTime(evidence);
    findings.signingTime = time;
    findings.signingTimeSource = source;
    const at = time ?? now;
    if (at < signer.row.notBefore) throw new SignatureRefusal('SIGNATURE_CERTIFICATE_NOT_YET_VALID');
    if (at > signer.row.notAfter) throw new SignatureRefusal('SIGNATURE_CERTIFICATE_EXPIRED');
    const then = statusAt(await this.statusHistory(signer.row.id), at);
    const since = then.since?.toISOString() ?? '';
    if (then.status === 'revoked') throw new SignatureRefusal('SIGNATURE_CERTIFICATE_REVOKED', { revokedAt: since });
    if (then.status === 'onHold') throw new SignatureRefusal('SIGNATURE_CERTIFICATE_ON_HOLD', { suspendedAt: since });
  }

  /**
   * The signer's certificate (carried, or Tessera's row by serial), issued by one of Tessera's issuing CAs of any
   * hierarchy and generation, with its row; SIGNATURE_CERTIFICATE_UNTRUSTED (CT-6 -10101029) for any other.
   */
  private async signer(evidence: SignatureEvidence): Promise<KnownSigner> {
    let der = evidence.certificate;
    if (!der && evidence.signerSerial) {
      const row = await this.options.em
        .fork()
        .findOne(Certificate, { serialNumber: evidence.signerSerial, der: { $ne: null } }, { populate: ['der'] });
      der = row?.der ?? undefined;
    }
    if (!der) throw new SignatureRefusal('SIGNATURE_SIGNER_CERTIFICATE_MISSING');
    const key = der.toString('base64');
    const known = this.signers.get(key);
    if (known) return known;
    const chained = await this.chain(der);
    if (this.signers.size >= signerCacheSize) this.signers.delete(this.signers.keys().next().value as string);
    this.signers.set(key, chained);
    return chained;
  }

  /** `der` issued by one of Tessera's issuing CAs, with its row; SIGNATURE_CERTIFICATE_UNTRUSTED for any other. */
  private async chain(der: Buffer): Promise<KnownSigner> {
    let certificate: X509Certificate;
    let issuer: Buffer;
    try {
      certificate = new X509Certificate(der);
      issuer = Buffer.from(certificate.issuerName.toArrayBuffer());
    } catch {
      throw new SignatureRefusal('SIGNATURE_INPUT_MALFORMED', { part: 'certificate' });
    }
    const candidates = (await this.options.hierarchy.authorities()).filter(
      (authority) =>
        authority.entity.role === 'issuing' &&
        Buffer.from(authority.certificate.subjectName.toArrayBuffer()).equals(issuer),
    );
    for (const authority of candidates) {
      if (!(await verifySigned(der, Buffer.from(authority.certificate.publicKey.rawData)))) continue;
      const row = await this.options.em.fork().findOne(Certificate, {
        authorityId: authority.entity.id,
        serialNumber: certificate.serialNumber.toLowerCase().replace(/^(00)+/, ''),
      });
      if (!row) break;
      const key = readPublicKey(Buffer.from(certificate.publicKey.rawData));
      const family = familyOf(key);
      if (!family) throw new SignatureRefusal('SIGNATURE_ALGORITHM_UNSUPPORTED', { algorithm: 'key' });
      return {
        row,
        certificate,
        authority,
        key,
        family,
        keyUsage: certificate.getExtension(KeyUsagesExtension)?.usages ?? 0,
        ecdsaScalarSize: key.keyObject?.asymmetricKeyDetails?.namedCurve === 'secp384r1' ? 48 : 32,
        facts: new Map(),
      };
    }
    throw new SignatureRefusal('SIGNATURE_CERTIFICATE_UNTRUSTED');
  }

  /** The certificate's suspensions, releases and revocations, read once until the next status change. */
  private statusHistory(certificateId: string): Promise<StatusChange[]> {
    const cached = this.statusHistories.get(certificateId);
    if (cached) return cached;
    // A read that began before a status change lands in the map that change replaced, never in the new one.
    const histories = this.statusHistories;
    const read = this.options.em
      .fork()
      .find(RevocationEvent, { certificateId })
      .then((events) => events.map(({ action, reason, at }) => ({ action, reason, at })));
    histories.set(certificateId, read);
    read.catch(() => histories.delete(certificateId));
    return read;
  }

  /** The time-stamp token's time, else the signer's own signingTime (unverified), else none. */
  private async signingTime(evidence: SignatureEvidence): Promise<{ time?: Date; source: SigningTimeSource }> {
    const { timestamps } = this.options;
    if (evidence.timestampToken && timestamps) {
      try {
        return { time: await timestamps.verify(evidence.timestampToken, evidence.signature), source: 'timestamp' };
      } catch {
        throw new SignatureRefusal('SIGNATURE_TIMESTAMP_INVALID');
      }
    }
    const claimed = evidence.signedAttributes?.signingTime;
    return claimed ? { time: claimed, source: 'signingTimeUnverified' } : { source: 'none' };
  }
}

/**
 * With signed attributes (RFC 5652 §5.4): contentType present, messageDigest the content's digest, and the
 * signature over the DER SET of attributes; without, the signature over the content itself. Checked by
 * `keys/signature-verification.ts`, the one signature check of Tessera.
 */
async function checkSignature(evidence: SignatureEvidence, hash: SignatureHash, signer: KnownSigner): Promise<void> {
  let signed = evidence.content;
  const attributes = evidence.signedAttributes;
  if (attributes) {
    if (!attributes.contentType) throw new SignatureRefusal('SIGNATURE_CONTENT_TYPE_MISSING');
    if (attributes.contentType !== evidence.contentType) throw new SignatureRefusal('SIGNATURE_INVALID');
    const digest = createHash(hash).update(evidence.content).digest();
    if (!attributes.messageDigest?.equals(digest)) throw new SignatureRefusal('SIGNATURE_DIGEST_MISMATCH');
    signed = attributes.der;
  }
  const verified = await verifySignature(hash, signer.key, signed, signatureBytes(evidence, signer)).catch(() => false);
  if (!verified) throw new SignatureRefusal('SIGNATURE_INVALID');
}

/** ECDSA as DER; a raw r‖s from a token (PKCS#11 signs so) is turned into DER first. */
function signatureBytes(evidence: SignatureEvidence, signer: KnownSigner): Buffer {
  const { signature } = evidence;
  const rawPair = signer.family === 'ec' && signature[0] !== 0x30 && signature.length === 2 * signer.ecdsaScalarSize;
  return evidence.form === 'raw' && rawPair ? rawEcdsaToDer(signature) : signature;
}

function checkKeyUsage(usages: number, purpose: SignaturePurpose): void {
  const needed = purposeKeyUsage[purpose];
  if (!(usages & needed.flag)) {
    throw new SignatureRefusal('SIGNATURE_KEY_USAGE_INVALID', { purpose, keyUsage: needed.name });
  }
}

function signerFacts(signer: KnownSigner, hash: SignatureHash): SignerFacts {
  const { row, certificate, authority, family } = signer;
  const name = certificate.subjectName;
  const unitName = row.kind === 'organization' ? name.getField('CN')[0] : name.getField('O')[0];
  return {
    certificateId: row.id,
    serialNumber: row.serialNumber,
    subject: row.subject,
    kind: row.kind,
    unitName,
    insuranceNumber: row.insuranceNumber ?? undefined,
    creditCode: row.creditCode ?? undefined,
    signatureAlgorithm: signatureAlgorithmName(hash, family),
    hierarchy: authority.entity.hierarchy,
    notBefore: row.notBefore,
    notAfter: row.notAfter,
  };
}

function revocationNow(now: StatusAt): SignerRevocation {
  return { status: now.status, revokedAt: now.since, reason: now.reason };
}

/** SHA-256 over every field handed in, each length-prefixed, so that records of the same input match. */
function inputDigest(input: SignatureInput, purpose: SignaturePurpose): string {
  const hash = createHash('sha256');
  for (const part of [
    input.signedData,
    input.signature,
    input.certificate,
    input.content,
    input.digestAlgorithm,
    purpose,
  ]) {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(part == null ? 0xffffffff : Buffer.byteLength(part, 'utf8'));
    hash.update(length).update(part ?? '', 'utf8');
  }
  return hash.digest('hex');
}
