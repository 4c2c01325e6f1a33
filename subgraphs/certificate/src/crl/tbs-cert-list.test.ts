import { randomBytes, webcrypto } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AuthorityKeyIdentifier,
  CRLNumber,
  CRLReason,
  Extension,
  id_ce_authorityKeyIdentifier,
  id_ce_cRLNumber,
  id_ce_cRLReasons,
  KeyIdentifier,
  Name,
  RevokedCertificate,
  TBSCertList,
  Time,
  Version,
} from '@peculiar/asn1-x509';
import { SubjectKeyIdentifierExtension, X509CertificateGenerator } from '@peculiar/x509';
import { signDer } from '../authority/signed-der';
import { signatureAlgorithmOf, throwawaySigner } from '../authority/signer';
import { lintCrl } from '../lint/crl-lint';
import { revocationReasons } from '../revocation/revocation-reason';
import { commandExists } from '../testing/softhsm-token';
import { fileSet, run } from '../testing/test-pki';
import type { RevokedEntry } from './revoked-certificates-der';
import { buildTbsCertList, type TbsCertListFields } from './tbs-cert-list';

const hasOpenssl = commandExists('openssl');
if (!hasOpenssl) console.warn('openssl is not installed: skipping the OpenSSL check of a large CRL (CT-5)');
const withOpenssl = hasOpenssl ? it : it.skip;

/** The same TBSCertList built by @peculiar/asn1-x509 alone, entry objects and all (the former encoder). */
function libraryTbsCertList(fields: TbsCertListFields): Buffer {
  const extension = (oid: string, value: unknown) =>
    new Extension({ extnID: oid, critical: false, extnValue: new OctetString(AsnConvert.serialize(value)) });
  return Buffer.from(
    AsnConvert.serialize(
      new TBSCertList({
        version: Version.v2,
        signature: signatureAlgorithmOf(fields.algorithm),
        issuer: AsnConvert.parse(fields.issuer, Name),
        thisUpdate: new Time(fields.thisUpdate),
        nextUpdate: new Time(fields.nextUpdate),
        revokedCertificates: fields.entries.length
          ? fields.entries.map((entry) => {
              const serial = Buffer.from(
                entry.serialNumber.padStart(entry.serialNumber.length + (entry.serialNumber.length % 2), '0'),
                'hex',
              );
              const code = revocationReasons[entry.reason];
              return new RevokedCertificate({
                userCertificate: new Uint8Array(
                  (serial[0] as number) & 0x80 ? Buffer.concat([Buffer.alloc(1), serial]) : serial,
                ).buffer,
                revocationDate: new Time(entry.revokedAt),
                crlEntryExtensions: code ? [extension(id_ce_cRLReasons, new CRLReason(code))] : undefined,
              });
            })
          : undefined,
        crlExtensions: [
          extension(
            id_ce_authorityKeyIdentifier,
            new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(new Uint8Array(fields.keyId)) }),
          ),
          extension(id_ce_cRLNumber, new CRLNumber(fields.number)),
        ],
      }),
    ),
  );
}

const ca = (async () => {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  return X509CertificateGenerator.createSelfSigned({
    name: 'CN=Lint Test CA,O=Tessera Test',
    keys,
    signingAlgorithm: algorithm,
    extensions: [await SubjectKeyIdentifierExtension.create(keys.publicKey)],
  });
})();

async function fieldsFor(entries: RevokedEntry[], number = 7): Promise<TbsCertListFields> {
  const certificate = await ca;
  return {
    algorithm: 'P-256',
    issuer: certificate.subjectName.toArrayBuffer(),
    keyId: Buffer.from(certificate.getExtension(SubjectKeyIdentifierExtension)?.keyId ?? '', 'hex'),
    number,
    thisUpdate: new Date('2026-06-01T08:00:00Z'),
    nextUpdate: new Date('2026-06-02T08:00:00Z'),
    entries,
  };
}

/** Serials of every shape: high bit set (a 0x00 goes first), short, odd-length hex, 20 octets. */
const sampleEntries: RevokedEntry[] = [
  {
    serialNumber: 'ff0102030405060708090a0b0c0d0e0f',
    revokedAt: new Date('2026-01-02T03:04:05Z'),
    reason: 'keyCompromise',
  },
  { serialNumber: '7f', revokedAt: new Date('2049-12-31T23:59:59Z'), reason: 'unspecified' },
  { serialNumber: 'abc', revokedAt: new Date('2050-01-01T00:00:00Z'), reason: 'certificateHold' },
  { serialNumber: '01'.repeat(20), revokedAt: new Date('1999-09-09T09:09:09Z'), reason: 'aACompromise' },
  ...(['cACompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'privilegeWithdrawn'] as const).map(
    (reason, i) => ({ serialNumber: `5${i}`.repeat(16), revokedAt: new Date(Date.UTC(2026, i, 1, 12)), reason }),
  ),
];

function randomEntries(count: number): RevokedEntry[] {
  const reasons = Object.keys(revocationReasons).filter((r) => r !== 'removeFromCRL') as RevokedEntry['reason'][];
  return Array.from({ length: count }, (_, i) => ({
    serialNumber: randomBytes(16).toString('hex').replace(/^0+/, ''),
    revokedAt: new Date(Date.UTC(2026, 0, 1) + i * 61_000),
    reason: reasons[i % reasons.length] as RevokedEntry['reason'],
  }));
}

describe('the CRL encoder (CT-5)', () => {
  it('CT-5: writes the revoked list byte for byte as @peculiar/asn1-x509 does', async () => {
    for (const entries of [[], sampleEntries.slice(0, 1), sampleEntries, randomEntries(300)]) {
      const fields = await fieldsFor(entries);
      expect(buildTbsCertList(fields).equals(libraryTbsCertList(fields))).toBe(true);
    }
  });

  it('CT-5: the CRL lint reads the entries back and passes them; it still finds a serial listed twice', async () => {
    const issuer = Buffer.from((await ca).rawData);
    const entries = randomEntries(2_500);
    const crl = await signDer(buildTbsCertList(await fieldsFor(entries)), throwawaySigner('P-256'));
    expect(lintCrl(crl, issuer, 7)).toEqual([]);

    const twice = [...entries, { ...(entries[0] as RevokedEntry), reason: 'superseded' as const }];
    const duplicate = await signDer(buildTbsCertList(await fieldsFor(twice)), throwawaySigner('P-256'));
    expect(lintCrl(duplicate, issuer, 7).map((finding) => finding.lint)).toEqual(['e_crl_entries']);
    expect(lintCrl(crl.subarray(0, crl.length - 5), issuer, 7).map((finding) => finding.lint)).toEqual(['e_crl_der']);
  });

  withOpenssl('CT-5: openssl reads a CRL of 5,000 entries with their reasons and dates', async () => {
    const entries = randomEntries(5_000);
    entries[1] = { ...(entries[1] as RevokedEntry), serialNumber: '1234567890abcdef1234567890abcdef' };
    const crl = await signDer(buildTbsCertList(await fieldsFor(entries)), throwawaySigner('P-256'));
    const files = fileSet({ 'big.crl': crl });
    try {
      const { status, output } = await run('openssl', [
        'crl',
        '-inform',
        'DER',
        '-in',
        files.path('big.crl'),
        '-noout',
        '-text',
      ]);
      expect(status).toBe(0);
      expect(output.match(/Serial Number:/g)?.length).toBe(entries.length);
      expect(output).toMatch(/X509v3 CRL Number: \s*7\n/);
      const second = output.slice(output.indexOf('Serial Number: 1234567890ABCDEF1234567890ABCDEF'));
      expect(second).toMatch(
        /^Serial Number: \S+\s+Revocation Date: Jan {2}1 00:01:01 2026 GMT\s+CRL entry extensions:\s+X509v3 CRL Reason Code:\s+Key Compromise/,
      );
    } finally {
      files.remove();
    }
  });
});
