import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  BasicOCSPResponse,
  CertID,
  CertStatus,
  id_pkix_ocsp_basic,
  id_pkix_ocsp_nonce,
  OCSPRequest,
  OCSPResponse,
  OCSPResponseStatus,
  ResponderID,
  ResponseBytes,
  ResponseData,
  RevokedInfo,
  SingleResponse,
} from '@peculiar/asn1-ocsp';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { Certificate as AsnCertificate, CRLReason, type Extension } from '@peculiar/asn1-x509';
import type { CaHierarchy, LoadedAuthority } from '../authority/ca-hierarchy';
import { signatureAlgorithmOf } from '../authority/signer';
import { wholeSeconds } from '../authority/whole-seconds';
import { Certificate } from '../certificates/certificate.entity';
import { revocationReasons } from '../revocation/revocation-reason';

export interface OcspResponderOptions {
  em: EntityManager;
  hierarchy: CaHierarchy;
  /** nextUpdate of each answer, in minutes: how long relying parties may cache it. */
  nextUpdateMinutes: number;
  /** Most certificates asked about in one request. */
  maxRequests?: number;
  clock?: () => Date;
}

/** CertID hash algorithms we answer for: SHA-1 (OpenSSL's default) and SHA-256. */
const hashes: Record<string, 'sha1' | 'sha256'> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
};

/** A DER OCSPResponse and, for a successful one, the nextUpdate its answers carry (how long it may be cached). */
/** What an answer says: the status of each certificate asked about, or why none is given. */
export type OcspAnswerStatus = 'good' | 'revoked' | 'unknown' | 'malformedRequest' | 'unauthorized';

export interface OcspAnswer {
  der: Buffer;
  nextUpdate?: Date;
  /** Answers to a nonce are for one requester only and are never cached. */
  nonce: boolean;
  /** One per certificate asked about; a single one for an unsuccessful answer. */
  statuses: OcspAnswerStatus[];
}

interface CachedResponse {
  der: Buffer;
  nextUpdate: Date;
  generation: number;
  statuses: OcspAnswerStatus[];
}

/**
 * RFC 6960 responder for the issuing CAs, each answer signed by the delegated OCSP certificate of the CA
 * the request names by its issuer name and key hash (CT-5): the active issuing CA of every hierarchy, and a
 * retired one until its last certificate expires.
 * Answers without a nonce are cached until their nextUpdate or the next status change,
 * whichever comes first: `invalidate()` runs on every change.
 */
export class OcspResponderService {
  private readonly clock: () => Date;
  private readonly cache = new Map<string, CachedResponse>();
  private generation = 0;

  constructor(private readonly options: OcspResponderOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** Forgets every cached answer; called after each revocation status change. */
  invalidate(): void {
    this.generation++;
    this.cache.clear();
  }

  /**
   * Answers a DER OCSPRequest with a DER OCSPResponse; never throws on bad input. A request about a
   * certificate of another issuer, or about certificates of two issuers at once, gets `unauthorized`
   * (RFC 5019 §2.2.3): each answer speaks for one issuing CA that still publishes.
   */
  async respond(requestDer: Buffer): Promise<OcspAnswer> {
    let request: OCSPRequest;
    try {
      request = AsnConvert.parse(requestDer, OCSPRequest);
    } catch {
      return unsuccessful(OCSPResponseStatus.malformedRequest, 'malformedRequest');
    }
    const requests = request.tbsRequest.requestList;
    if (requests.length === 0 || requests.length > (this.options.maxRequests ?? 10)) {
      return unsuccessful(OCSPResponseStatus.malformedRequest, 'malformedRequest');
    }
    const nonce = request.tbsRequest.requestExtensions?.find((extension) => extension.extnID === id_pkix_ocsp_nonce);
    const cacheKey = nonce ? undefined : createHash('sha256').update(requestDer).digest('hex');
    const now = this.clock();
    const cached = cacheKey ? this.cache.get(cacheKey) : undefined;
    if (cached && cached.generation === this.generation && cached.nextUpdate > now) {
      return { der: cached.der, nextUpdate: cached.nextUpdate, nonce: false, statuses: cached.statuses };
    }

    const generation = this.generation;
    const certIds = requests.map((r) => r.reqCert);
    const issuing = (await this.options.hierarchy.publishing()).find((authority) =>
      certIds.every((certID) => issuedBy(certID, authority)),
    );
    if (!issuing) return unsuccessful(OCSPResponseStatus.unauthorized, 'unauthorized');
    const thisUpdate = wholeSeconds(now);
    const nextUpdate = new Date(thisUpdate.getTime() + this.options.nextUpdateMinutes * 60_000);
    const { der, statuses } = await this.sign(certIds, nonce, issuing, thisUpdate, nextUpdate);
    if (cacheKey && generation === this.generation) this.cache.set(cacheKey, { der, generation, nextUpdate, statuses });
    return { der, nextUpdate, nonce: Boolean(nonce), statuses };
  }

  private async sign(
    certIds: CertID[],
    nonce: Extension | undefined,
    issuing: LoadedAuthority,
    now: Date,
    nextUpdate: Date,
  ): Promise<{ der: Buffer; statuses: OcspAnswerStatus[] }> {
    const responder = await this.options.hierarchy.responder(issuing);
    const responses: SingleResponse[] = [];
    const statuses: OcspAnswerStatus[] = [];
    for (const certID of certIds) {
      const certStatus = await this.statusOf(certID, issuing);
      statuses.push(certStatus.good !== undefined ? 'good' : certStatus.revoked ? 'revoked' : 'unknown');
      responses.push(new SingleResponse({ certID, certStatus, thisUpdate: now, nextUpdate }));
    }
    const responderKey = AsnConvert.parse(responder.entity.certificateDer, AsnCertificate).tbsCertificate
      .subjectPublicKeyInfo;
    const tbsResponseData = new ResponseData({
      responderID: new ResponderID({
        byKey: new OctetString(createHash('sha1').update(Buffer.from(responderKey.subjectPublicKey)).digest()),
      }),
      producedAt: now,
      responses,
      responseExtensions: nonce ? [nonce] : undefined,
    });
    const signature = await responder.signer.sign(Buffer.from(AsnConvert.serialize(tbsResponseData)));
    const basic = new BasicOCSPResponse({
      tbsResponseData,
      signatureAlgorithm: signatureAlgorithmOf(responder.signer.algorithm),
      signature: new Uint8Array(signature).buffer,
      certs: [AsnConvert.parse(responder.entity.certificateDer, AsnCertificate)],
    });
    const der = Buffer.from(
      AsnConvert.serialize(
        new OCSPResponse({
          responseStatus: OCSPResponseStatus.successful,
          responseBytes: new ResponseBytes({
            responseType: id_pkix_ocsp_basic,
            response: new OctetString(AsnConvert.serialize(basic)),
          }),
        }),
      ),
    );
    return { der, statuses };
  }

  /** good, revoked (with reason; a hold is certificateHold) or unknown (no such serial issued). */
  private async statusOf(certID: CertID, issuing: LoadedAuthority): Promise<CertStatus> {
    const serialNumber = serialHex(certID.serialNumber);
    const certificate = await this.options.em
      .fork()
      .findOne(
        Certificate,
        { serialNumber, authorityId: issuing.entity.id },
        { fields: ['revokedAt', 'revocationReason', 'issuedAt'] },
      );
    if (!certificate?.issuedAt) return new CertStatus({ unknown: null });
    if (!certificate.revokedAt) return new CertStatus({ good: null });
    const reason = revocationReasons[certificate.revocationReason ?? 'unspecified'];
    return new CertStatus({
      revoked: new RevokedInfo({
        revocationTime: certificate.revokedAt,
        revocationReason: reason === revocationReasons.unspecified ? undefined : new CRLReason(reason),
      }),
    });
  }
}

/** Whether the CertID names the issuing CA `issuing`, by a hash algorithm we answer for. */
function issuedBy(certID: CertID, issuing: LoadedAuthority): boolean {
  const hash = hashes[certID.hashAlgorithm.algorithm];
  if (!hash) return false;
  const tbs = AsnConvert.parse(issuing.entity.certificateDer, AsnCertificate).tbsCertificate;
  const nameHash = createHash(hash)
    .update(Buffer.from(AsnConvert.serialize(tbs.subject)))
    .digest();
  const keyHash = createHash(hash).update(Buffer.from(tbs.subjectPublicKeyInfo.subjectPublicKey)).digest();
  return (
    nameHash.equals(Buffer.from(certID.issuerNameHash.buffer)) &&
    keyHash.equals(Buffer.from(certID.issuerKeyHash.buffer))
  );
}

/** The serial as stored: lowercase hex of the magnitude, without the DER sign octet. */
function serialHex(serial: ArrayBuffer): string {
  const bytes = Buffer.from(serial);
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  return bytes.subarray(start).toString('hex');
}

function unsuccessful(status: OCSPResponseStatus, named: OcspAnswerStatus): OcspAnswer {
  return {
    der: Buffer.from(AsnConvert.serialize(new OCSPResponse({ responseStatus: status }))),
    nonce: false,
    statuses: [named],
  };
}
