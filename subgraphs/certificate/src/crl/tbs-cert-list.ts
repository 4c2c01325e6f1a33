import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AuthorityKeyIdentifier,
  CRLNumber,
  Extension,
  Extensions,
  id_ce_authorityKeyIdentifier,
  id_ce_cRLNumber,
  KeyIdentifier,
  Name,
  TBSCertList,
  Time,
  Version,
} from '@peculiar/asn1-x509';
import { signatureAlgorithmOf } from '../authority/signer';
import type { KeyAlgorithm } from '../keys/key-algorithm';
import { encodeRevokedCertificates, header, type RevokedEntry } from './revoked-certificates-der';

export interface TbsCertListFields {
  algorithm: KeyAlgorithm;
  /** The CA's subject, DER. */
  issuer: ArrayBuffer;
  /** The CA's subject key identifier. */
  keyId: Buffer;
  number: number;
  thisUpdate: Date;
  nextUpdate: Date;
  entries: readonly RevokedEntry[];
}

/**
 * The DER TBSCertList of a full v2 CRL (RFC 5280 §5.1). @peculiar/asn1-x509 encodes everything but
 * the revoked list; that list, the only part that grows, is spliced in from `encodeRevokedCertificates`
 * just before the `[0]` crlExtensions, and the outer SEQUENCE header is rewritten around it.
 */
export function buildTbsCertList(fields: TbsCertListFields): Buffer {
  const crlExtensions = new Extensions([
    extension(
      id_ce_authorityKeyIdentifier,
      new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(new Uint8Array(fields.keyId)) }),
    ),
    extension(id_ce_cRLNumber, new CRLNumber(fields.number)),
  ]);
  const withoutEntries = Buffer.from(
    AsnConvert.serialize(
      new TBSCertList({
        version: Version.v2,
        signature: signatureAlgorithmOf(fields.algorithm),
        issuer: AsnConvert.parse(fields.issuer, Name),
        thisUpdate: new Time(fields.thisUpdate),
        nextUpdate: new Time(fields.nextUpdate),
        crlExtensions,
      }),
    ),
  );
  const revoked = encodeRevokedCertificates(fields.entries);
  if (!revoked) return withoutEntries;
  const extensionsDer = Buffer.from(AsnConvert.serialize(crlExtensions));
  const explicitLength = header(0xa0, extensionsDer.length).length + extensionsDer.length;
  const contentStart = contentOffset(withoutEntries);
  const splitAt = withoutEntries.length - explicitLength;
  if (withoutEntries[splitAt] !== 0xa0) throw new Error('unexpected TBSCertList layout');
  const before = withoutEntries.subarray(contentStart, splitAt);
  const after = withoutEntries.subarray(splitAt);
  const length = before.length + revoked.length + after.length;
  const outer = header(0x30, length);
  return Buffer.concat([outer, before, revoked, after], outer.length + length);
}

/** Where the contents of the DER element at the start of `der` begin. */
function contentOffset(der: Buffer): number {
  const first = der[1] as number;
  return first < 0x80 ? 2 : 2 + (first & 0x7f);
}

function extension(oid: string, value: unknown): Extension {
  return new Extension({ extnID: oid, critical: false, extnValue: new OctetString(AsnConvert.serialize(value)) });
}
