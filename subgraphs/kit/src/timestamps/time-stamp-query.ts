import { randomBytes } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { MessageImprint, TimeStampReq } from '@peculiar/asn1-tsp';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { type ImprintAlgorithm, imprintAlgorithmOid } from './imprint-algorithms';

/** A DER TimeStampReq (RFC 3161 §2.4.1) and the nonce it carries (hex), to find echoed in the token. */
export interface TimeStampQuery {
  der: Buffer;
  nonce: string;
}

/**
 * A request for a token over `digest` (the hash `algorithm` of the data: SHA-256 by default), with a fresh 64-bit
 * nonce and certReq set, so the token carries the TSA certificate.
 */
export function timeStampQuery(digest: Buffer, algorithm: ImprintAlgorithm['name'] = 'sha256'): TimeStampQuery {
  const nonce = randomBytes(8);
  nonce[0] = ((nonce[0] ?? 0) & 0x7f) | 0x01; // positive, and minimal as a DER INTEGER
  const der = Buffer.from(
    AsnConvert.serialize(
      new TimeStampReq({
        messageImprint: new MessageImprint({
          hashAlgorithm: new AlgorithmIdentifier({ algorithm: imprintAlgorithmOid(algorithm) }),
          hashedMessage: new OctetString(digest),
        }),
        nonce: new Uint8Array(nonce).buffer,
        certReq: true,
      }),
    ),
  );
  return { der, nonce: nonce.toString('hex') };
}
