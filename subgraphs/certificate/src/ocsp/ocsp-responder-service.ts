import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate as AsnCertificate } from '@peculiar/asn1-x509';
import { executePrepared } from '@tessera/kit';
import type { CaHierarchy, LoadedAuthority, LoadedResponder } from '../authority/ca-hierarchy';
import { wholeSeconds } from '../authority/whole-seconds';
import type { RevocationReason } from '../revocation/revocation-reason';
import { type CertIdHash, type OcspRequestContents, type RequestedCertificate, readOcspRequest } from './ocsp-request';
import { type CertificateStatus, signedResponse, unsuccessfulResponse } from './ocsp-response';
import { PreproducedAnswers } from './preproduced-answers';

export interface OcspResponderOptions {
  em: EntityManager;
  hierarchy: CaHierarchy;
  /** nextUpdate of each answer, in minutes: how long relying parties may cache it. */
  nextUpdateMinutes: number;
  /** Most certificates asked about in one request. */
  maxRequests?: number;
  /** Certificates whose pre-produced answers are kept, the most recently asked about (10,000 unless told). */
  cachedCertificates?: number;
  /** Told when an answer produced in the background (a refresh before nextUpdate) fails. */
  onError?: (error: unknown) => void;
  clock?: () => Date;
}

/** What an answer says: the status of each certificate asked about, or why none is given. */
export type OcspAnswerStatus = 'good' | 'revoked' | 'unknown' | 'malformedRequest' | 'unauthorized';

/** A DER OCSPResponse and, for a successful one, the nextUpdate its answers carry (how long it may be cached). */
export interface OcspAnswer {
  der: Buffer;
  nextUpdate?: Date;
  /** Answers to a nonce are for one requester only and are never cached. */
  nonce: boolean;
  /** One per certificate asked about; a single one for an unsuccessful answer. */
  statuses: OcspAnswerStatus[];
}

interface KeptAnswer extends OcspAnswer {
  nextUpdate: Date;
  refreshAt: number;
}

/** The issuer name and key hashes by which CertIDs name an issuing CA, per hash algorithm. */
type IssuerHashes = Record<CertIdHash, { name: Buffer; key: Buffer }>;

interface CertificateRow {
  serial_number: string;
  issued_at: string | null;
  revoked_at: string | null;
  revocation_reason: RevocationReason | null;
}

const malformed: OcspAnswer = {
  der: unsuccessfulResponse('malformedRequest'),
  nonce: false,
  statuses: ['malformedRequest'],
};
const unauthorized: OcspAnswer = {
  der: unsuccessfulResponse('unauthorized'),
  nonce: false,
  statuses: ['unauthorized'],
};

/**
 * RFC 6960 responder for the issuing CAs, each answer signed by the delegated OCSP certificate of the CA
 * the request names by its issuer name and key hash (CT-5): the active issuing CA of every hierarchy, and a
 * retired one until its last certificate expires.
 *
 * An answer to a nonce-less request about one certificate is pre-produced (RFC 5019 §2.1.1): signed once,
 * kept as bytes (`PreproducedAnswers`) and served until its nextUpdate, produced afresh in the background
 * from halfway there, and forgotten at once when the certificate's status changes (`invalidate(serial)`, on
 * every replica). Answers to a nonce, and to several certificates at once, are signed for each request.
 */
export class OcspResponderService {
  private readonly clock: () => Date;
  private readonly answers: PreproducedAnswers<KeptAnswer>;
  /** Answers being produced for a CertID, which concurrent requests for it wait for instead of signing again. */
  private readonly producing = new Map<string, Promise<OcspAnswer>>();
  private readonly issuerHashes = new WeakMap<LoadedAuthority, IssuerHashes>();
  private readonly responderKeyHashes = new WeakMap<LoadedResponder, Buffer>();
  private hearing: () => boolean = () => true;

  constructor(private readonly options: OcspResponderOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.answers = new PreproducedAnswers(options.cachedCertificates ?? 10_000);
  }

  /**
   * Forgets the kept answers about the certificate of `serial` (lowercase hex, as stored), or every kept
   * answer when none is named: after a status change, a rollover, or notices that may have been missed.
   */
  invalidate(serial?: string): void {
    this.answers.invalidate(serial);
    this.producing.clear();
  }

  /**
   * Answers a DER OCSPRequest with a DER OCSPResponse; never throws on bad input. A request about a
   * certificate of another issuer, or about certificates of two issuers at once, gets `unauthorized`
   * (RFC 5019 §2.2.3): each answer speaks for one issuing CA that still publishes.
   */
  async respond(requestDer: Buffer): Promise<OcspAnswer> {
    return this.answer(this.read(requestDer));
  }

  /** The request's contents, or undefined for a malformed one. */
  read(requestDer: Buffer): OcspRequestContents | undefined {
    try {
      return readOcspRequest(requestDer);
    } catch {
      return undefined;
    }
  }

  /**
   * Keeps and serves pre-produced answers only while `hearing()`, the other replicas' status notices being
   * heard: a replica that cannot hear them would not know of a revocation there, so meanwhile it answers
   * every request afresh (CT-5).
   */
  keepWhile(hearing: () => boolean): void {
    this.hearing = hearing;
  }

  /** The kept answer to `request`, when there is one: what the lean HTTP path serves without waiting. */
  kept(request: OcspRequestContents | undefined): OcspAnswer | undefined {
    const only = request && !request.nonce && request.certificates.length === 1 ? request.certificates[0] : undefined;
    if (!only || !this.hearing()) return undefined;
    const now = this.clock().getTime();
    const answer = this.answers.get(only.serial, only.certId.toString('latin1'), now);
    if (answer && now >= answer.refreshAt) void this.produceKept(only).catch((error) => this.options.onError?.(error));
    return answer;
  }

  /** The answer to a read request (undefined: malformed). */
  async answer(request: OcspRequestContents | undefined): Promise<OcspAnswer> {
    if (!request || request.certificates.length === 0 || request.certificates.length > (this.options.maxRequests ?? 10))
      return malformed;
    const kept = this.kept(request);
    if (kept) return kept;
    const only = request.certificates[0] as RequestedCertificate;
    return !request.nonce && request.certificates.length === 1 ? this.produceKept(only) : this.produce(request);
  }

  /** Produces the answer to a nonce-less request about `certificate` once for all who ask meanwhile, and keeps it. */
  private produceKept(certificate: RequestedCertificate): Promise<OcspAnswer> {
    const certId = certificate.certId.toString('latin1');
    const pending = this.producing.get(certId);
    if (pending) return pending;
    const epoch = this.answers.epoch();
    const produced = this.produce({ certificates: [certificate] })
      .then((answer) => {
        if (answer.nextUpdate && this.hearing())
          this.answers.keep(certificate.serial, certId, answer as KeptAnswer, epoch);
        return answer;
      })
      .finally(() => {
        if (this.producing.get(certId) === produced) this.producing.delete(certId);
      });
    this.producing.set(certId, produced);
    return produced;
  }

  private async produce(request: OcspRequestContents): Promise<OcspAnswer> {
    const issuing = await this.issuerOf(request.certificates);
    if (!issuing) return unauthorized;
    const responder = await this.options.hierarchy.responder(issuing);
    const producedAt = wholeSeconds(this.clock());
    const lifetime = this.options.nextUpdateMinutes * 60_000;
    const nextUpdate = new Date(producedAt.getTime() + lifetime);
    const statuses = await this.statusesOf(request.certificates, issuing);
    const der = await signedResponse({
      responderKeyHash: this.responderKeyHash(responder),
      responderCertificate: responder.entity.certificateDer,
      signer: responder.signer,
      producedAt,
      nextUpdate,
      answers: request.certificates.map((certificate, index) => ({
        certId: certificate.certId,
        status: statuses[index] as CertificateStatus,
      })),
      nonce: request.nonce,
    });
    const answer: KeptAnswer = {
      der,
      nextUpdate,
      nonce: Boolean(request.nonce),
      statuses: statuses.map((s) => s.status),
      refreshAt: producedAt.getTime() + lifetime / 2,
    };
    return answer;
  }

  /** The publishing issuing CA that every CertID names, by a hash algorithm we answer for. */
  private async issuerOf(certificates: RequestedCertificate[]): Promise<LoadedAuthority | undefined> {
    return (await this.options.hierarchy.publishing()).find((authority) => {
      const hashes = this.hashesOf(authority);
      return certificates.every(
        ({ hash, issuerNameHash, issuerKeyHash }) =>
          hash !== undefined && hashes[hash].name.equals(issuerNameHash) && hashes[hash].key.equals(issuerKeyHash),
      );
    });
  }

  private hashesOf(authority: LoadedAuthority): IssuerHashes {
    let hashes = this.issuerHashes.get(authority);
    if (!hashes) {
      const tbs = AsnConvert.parse(authority.entity.certificateDer, AsnCertificate).tbsCertificate;
      const name = Buffer.from(AsnConvert.serialize(tbs.subject));
      const key = Buffer.from(tbs.subjectPublicKeyInfo.subjectPublicKey);
      const of = (hash: CertIdHash) => ({
        name: createHash(hash).update(name).digest(),
        key: createHash(hash).update(key).digest(),
      });
      hashes = { sha1: of('sha1'), sha256: of('sha256') };
      this.issuerHashes.set(authority, hashes);
    }
    return hashes;
  }

  /** SHA-1 of the responder's public key: its ResponderID byKey (RFC 6960 §4.2.2.3). */
  private responderKeyHash(responder: LoadedResponder): Buffer {
    let hash = this.responderKeyHashes.get(responder);
    if (!hash) {
      const key = AsnConvert.parse(responder.entity.certificateDer, AsnCertificate).tbsCertificate.subjectPublicKeyInfo;
      hash = createHash('sha1').update(Buffer.from(key.subjectPublicKey)).digest();
      this.responderKeyHashes.set(responder, hash);
    }
    return hash;
  }

  /** good, revoked (with reason; a hold is certificateHold) or unknown (no such serial issued), in one statement. */
  private async statusesOf(
    certificates: RequestedCertificate[],
    issuing: LoadedAuthority,
  ): Promise<CertificateStatus[]> {
    const rows = await executePrepared<CertificateRow>(this.options.em, {
      sql: `select serial_number, issued_at, revoked_at, revocation_reason from "certificate"."certificate"
            where authority_id = ? and serial_number = any(?::text[])`,
      params: [issuing.entity.id, certificates.map((c) => c.serial)],
    });
    const bySerial = new Map(rows.map((row) => [row.serial_number, row]));
    return certificates.map(({ serial }): CertificateStatus => {
      const row = bySerial.get(serial);
      if (!row?.issued_at) return { status: 'unknown' };
      if (!row.revoked_at) return { status: 'good' };
      // The pool hands timestamps over as text.
      return { status: 'revoked', revokedAt: new Date(row.revoked_at), reason: row.revocation_reason ?? 'unspecified' };
    });
  }
}
