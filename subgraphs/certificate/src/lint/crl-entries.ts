/** What the CRL lints need of one revokedCertificates entry. */
export interface CrlEntryView {
  /** Contents of the userCertificate INTEGER, hex. */
  serial: string;
  /** The reasonCode entry extension's ENUMERATED value, when present. */
  reasonCode?: number;
}

export interface SplitCrl {
  /** The CertificateList with its revokedCertificates left out (its signature no longer matches). */
  withoutEntries: Buffer;
  entries: CrlEntryView[];
}

interface Element {
  tag: number;
  /** Offset of the first octet of the TLV. */
  start: number;
  /** Offset of the contents. */
  contents: number;
  /** Offset just past the element. */
  end: number;
}

/** id-ce-cRLReasons (2.5.29.21), contents of the OID. */
const reasonCodeOid = Buffer.from([0x55, 0x1d, 0x15]);

/**
 * Reads a DER CertificateList far enough to lint it at any size: the revokedCertificates entries are
 * walked here (asn1js needs seconds for 100,000 of them) and the rest is handed back, without them,
 * for the schema parser. Throws on anything that is not well-formed DER of the expected shape.
 */
export function splitCrl(der: Buffer): SplitCrl {
  const crl = element(der, 0, der.length, 0x30);
  if (crl.end !== der.length) throw new Error('trailing octets after the CRL');
  const tbs = element(der, crl.contents, crl.end, 0x30);
  let at = tbs.contents;
  if (der[at] === 0x02) at = element(der, at, tbs.end, 0x02).end; // version
  at = element(der, at, tbs.end, 0x30).end; // signature
  at = element(der, at, tbs.end, 0x30).end; // issuer
  at = time(der, at, tbs.end).end; // thisUpdate
  if (at < tbs.end && isTime(der[at])) at = time(der, at, tbs.end).end; // nextUpdate
  if (at >= tbs.end || der[at] !== 0x30) return { withoutEntries: der, entries: [] };
  const list = element(der, at, tbs.end, 0x30);
  const entries: CrlEntryView[] = [];
  for (let entryAt = list.contents; entryAt < list.end; ) {
    const entry = element(der, entryAt, list.end, 0x30);
    entries.push(readEntry(der, entry));
    entryAt = entry.end;
  }
  const tbsContents = Buffer.concat([der.subarray(tbs.contents, list.start), der.subarray(list.end, tbs.end)]);
  const tbsDer = Buffer.concat([lengthHeader(0x30, tbsContents.length), tbsContents]);
  const crlContents = Buffer.concat([tbsDer, der.subarray(tbs.end, crl.end)]);
  return { withoutEntries: Buffer.concat([lengthHeader(0x30, crlContents.length), crlContents]), entries };
}

function readEntry(der: Buffer, entry: Element): CrlEntryView {
  const serial = element(der, entry.contents, entry.end, 0x02);
  const revocationDate = time(der, serial.end, entry.end);
  const view: CrlEntryView = { serial: der.subarray(serial.contents, serial.end).toString('hex') };
  if (revocationDate.end === entry.end) return view;
  const extensions = element(der, revocationDate.end, entry.end, 0x30);
  if (extensions.end !== entry.end) throw new Error(`entry ${view.serial} has trailing octets`);
  for (let at = extensions.contents; at < extensions.end; ) {
    const extension = element(der, at, extensions.end, 0x30);
    const oid = element(der, extension.contents, extension.end, 0x06);
    let valueAt = oid.end;
    if (der[valueAt] === 0x01) valueAt = element(der, valueAt, extension.end, 0x01).end; // critical
    const value = element(der, valueAt, extension.end, 0x04);
    if (der.subarray(oid.contents, oid.end).equals(reasonCodeOid)) {
      const code = element(der, value.contents, value.end, 0x0a);
      if (code.end - code.contents !== 1) throw new Error(`entry ${view.serial} has a malformed reasonCode`);
      view.reasonCode = der[code.contents];
    }
    at = extension.end;
  }
  return view;
}

function isTime(tag: number | undefined): boolean {
  return tag === 0x17 || tag === 0x18;
}

function time(der: Buffer, at: number, limit: number): Element {
  const found = element(der, at, limit);
  if (!isTime(found.tag)) throw new Error(`expected a Time at offset ${at}`);
  return found;
}

/** The DER element at `at`, which must end by `limit` (and carry `tag`, when given). */
function element(der: Buffer, at: number, limit: number, tag?: number): Element {
  if (at + 2 > limit) throw new Error(`truncated DER at offset ${at}`);
  const found = der[at] as number;
  if (tag !== undefined && found !== tag) throw new Error(`expected tag ${tag} at offset ${at}, found ${found}`);
  let length = der[at + 1] as number;
  let contents = at + 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    if (octets === 0 || octets > 4 || contents + octets > limit) throw new Error(`bad length at offset ${at}`);
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + (der[contents + i] as number);
    contents += octets;
  }
  const end = contents + length;
  if (end > limit) throw new Error(`element at offset ${at} overruns its parent`);
  return { tag: found, start: at, contents, end };
}

function lengthHeader(tag: number, length: number): Buffer {
  if (length < 0x80) return Buffer.from([tag, length]);
  const octets: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256);
  return Buffer.from([tag, 0x80 | octets.length, ...octets]);
}
