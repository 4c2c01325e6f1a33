import { derElement } from '../authority/der-writer';
import { type Signer, signatureAlgorithmDer } from '../authority/signer';
import { revocationReasons } from '../revocation/revocation-reason';

/** RFC 6960 §4.2.1 OCSPResponseStatus values we answer with besides successful(0). */
export const unsuccessfulStatuses = { malformedRequest: 1, internalError: 2, tryLater: 3, unauthorized: 6 } as const;

/** The DER OCSPResponse of an unsuccessful status: `SEQUENCE { ENUMERATED status }`, nothing else. */
export function unsuccessfulResponse(status: keyof typeof unsuccessfulStatuses): Buffer {
  return Buffer.from([0x30, 0x03, 0x0a, 0x01, unsuccessfulStatuses[status]]);
}

/** What a certificate's row says about it, for one SingleResponse. */
export type CertificateStatus =
  | { status: 'good' }
  | { status: 'unknown' }
  | { status: 'revoked'; revokedAt: Date; reason: keyof typeof revocationReasons };

export interface SingleAnswer {
  /** The request's CertID, echoed byte for byte. */
  certId: Buffer;
  status: CertificateStatus;
}

export interface ResponseContents {
  /** SHA-1 of the responder's public key (ResponderID byKey). */
  responderKeyHash: Buffer;
  /** The delegated responder's certificate, carried in `certs`. */
  responderCertificate: Buffer;
  signer: Signer;
  producedAt: Date;
  nextUpdate: Date;
  answers: SingleAnswer[];
  /** The request's nonce extension, echoed as the only response extension. */
  nonce?: Buffer;
}

/** id-pkix-ocsp-basic (1.3.6.1.5.5.7.48.1.1) as DER. */
const basicOid = Buffer.from('06092b0601050507300101', 'hex');
const successful = Buffer.from([0x0a, 0x01, 0x00]);

/**
 * A signed, successful DER OCSPResponse (RFC 6960 §4.2.1) assembled from bytes: a BasicOCSPResponse
 * whose ResponseData names the responder by key hash, with one SingleResponse per certificate asked
 * about (thisUpdate the production time, nextUpdate the end of caching) and the nonce echoed.
 */
export async function signedResponse(contents: ResponseContents): Promise<Buffer> {
  const thisUpdate = generalizedTime(contents.producedAt);
  const nextUpdate = derElement(0xa0, generalizedTime(contents.nextUpdate));
  const responses = contents.answers.map(({ certId, status }) =>
    derElement(0x30, certId, certStatus(status), thisUpdate, nextUpdate),
  );
  const tbs = derElement(
    0x30,
    derElement(0xa2, derElement(0x04, contents.responderKeyHash)),
    thisUpdate,
    derElement(0x30, ...responses),
    ...(contents.nonce ? [derElement(0xa1, derElement(0x30, contents.nonce))] : []),
  );
  // BasicOCSPResponse ::= SEQUENCE { tbsResponseData, signatureAlgorithm, signature BIT STRING (no unused bits),
  //   certs [0] EXPLICIT SEQUENCE OF Certificate }
  const basicResponse = derElement(
    0x30,
    tbs,
    signatureAlgorithmDer(contents.signer.algorithm),
    derElement(0x03, Buffer.from([0]), await contents.signer.sign(tbs)),
    derElement(0xa0, derElement(0x30, contents.responderCertificate)),
  );
  return derElement(0x30, successful, derElement(0xa0, derElement(0x30, basicOid, derElement(0x04, basicResponse))));
}

/**
 * CertStatus ::= CHOICE { good [0] IMPLICIT NULL, revoked [1] IMPLICIT RevokedInfo, unknown [2] IMPLICIT NULL };
 * RevokedInfo carries the revocation time and, unless unspecified, the reason ([0] EXPLICIT CRLReason).
 */
function certStatus(status: CertificateStatus): Buffer {
  if (status.status === 'good') return Buffer.from([0x80, 0x00]);
  if (status.status === 'unknown') return Buffer.from([0x82, 0x00]);
  const reason = revocationReasons[status.reason];
  return derElement(
    0xa1,
    generalizedTime(status.revokedAt),
    ...(reason === revocationReasons.unspecified ? [] : [derElement(0xa0, Buffer.from([0x0a, 0x01, reason]))]),
  );
}

/** GeneralizedTime in whole seconds, `YYYYMMDDHHMMSSZ` (RFC 5280 §4.1.2.5.2). */
function generalizedTime(date: Date): Buffer {
  return derElement(0x18, Buffer.from(`${date.toISOString().slice(0, 19).replace(/[-T:]/g, '')}Z`, 'latin1'));
}
