import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
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
import { SubjectKeyIdentifierExtension } from '@peculiar/x509';
import type { CaHierarchy, LoadedAuthority } from '../authority/ca-hierarchy';
import { CertificateAuthority } from '../authority/certificate-authority.entity';
import { signDer } from '../authority/signed-der';
import { signatureAlgorithmOf, throwawaySigner } from '../authority/signer';
import { wholeSeconds } from '../authority/whole-seconds';
import { Certificate } from '../certificates/certificate.entity';
import type { KeyAlgorithm } from '../keys/key-algorithm';
import { assertLintClean } from '../lint/certificate-lint';
import { lintCrl } from '../lint/crl-lint';
import { revocationReasons } from '../revocation/revocation-reason';
import { Crl } from './crl.entity';

export interface CrlPublisherOptions {
  em: EntityManager;
  hierarchy: CaHierarchy;
  /** nextUpdate − thisUpdate, in hours. */
  validityHours: number;
  /** Republish when less than this many hours are left before nextUpdate. */
  refreshMarginHours: number;
  clock?: () => Date;
}

interface Entry {
  serialNumber: string;
  revokedAt: Date;
  reason: keyof typeof revocationReasons;
}

const hour = 60 * 60 * 1000;

/**
 * Full CRLs per CA (CT-5): signed, with a strictly increasing cRLNumber, thisUpdate/nextUpdate and
 * reason codes; linted with a throwaway key before the CA signs. Published on every status change
 * and again before nextUpdate.
 */
export class CrlPublisher {
  private readonly clock: () => Date;

  constructor(private readonly options: CrlPublisherOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** Signs and stores a new CRL for the CA named `authorityName`. */
  async publish(authorityName: string): Promise<Crl> {
    const authority = await this.options.hierarchy.authority(authorityName);
    if (!authority?.signer) throw new Error(`CA ${authorityName} cannot sign CRLs`);
    const signer = authority.signer;
    return this.options.em.fork().transactional(async (em) => {
      // The row lock serialises publications, so numbers never repeat and never go back.
      const row = await em.findOneOrFail(
        CertificateAuthority,
        { id: authority.entity.id },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      const number = row.lastCrlNumber + 1;
      const entries = (
        await em.find(
          Certificate,
          { authorityId: row.id, revokedAt: { $ne: null } },
          { fields: ['serialNumber', 'revokedAt', 'revocationReason'], orderBy: { revokedAt: 'asc' } },
        )
      ).map((certificate) => ({
        serialNumber: certificate.serialNumber,
        revokedAt: certificate.revokedAt as Date,
        reason: certificate.revocationReason ?? 'unspecified',
      }));
      const thisUpdate = wholeSeconds(this.clock());
      const nextUpdate = new Date(thisUpdate.getTime() + this.options.validityHours * hour);
      const tbs = buildTbsCertList(authority, signer.algorithm, number, thisUpdate, nextUpdate, entries);
      assertLintClean(lintCrl(await signDer(tbs, throwawaySigner(signer.algorithm)), row.certificateDer, number));
      const der = await signDer(tbs, signer);
      row.lastCrlNumber = number;
      return em.create(Crl, { authorityId: row.id, number, thisUpdate, nextUpdate, entries: entries.length, der });
    });
  }

  /** The newest CRL of a CA, published first when there is none or it is close to nextUpdate. */
  async current(authorityName: string): Promise<Crl> {
    const authority = await this.options.hierarchy.authority(authorityName);
    if (!authority) throw new Error(`no CA ${authorityName}`);
    const latest = await this.options.em
      .fork()
      .findOne(Crl, { authorityId: authority.entity.id }, { orderBy: { number: 'desc' }, populate: ['der'] });
    const refreshAt = latest && latest.nextUpdate.getTime() - this.options.refreshMarginHours * hour;
    if (latest && refreshAt && this.clock().getTime() < refreshAt) return latest;
    return this.publish(authorityName);
  }

  /** Publishes a new CRL for every CA whose current one is due (the scheduled refresh). */
  async refreshDue(): Promise<void> {
    for (const authority of await this.options.hierarchy.authorities()) {
      if (authority.signer) await this.current(authority.entity.name);
    }
  }
}

function buildTbsCertList(
  authority: LoadedAuthority,
  algorithm: KeyAlgorithm,
  number: number,
  thisUpdate: Date,
  nextUpdate: Date,
  entries: Entry[],
): Buffer {
  const keyId = Buffer.from(authority.certificate.getExtension(SubjectKeyIdentifierExtension)?.keyId ?? '', 'hex');
  const tbs = new TBSCertList({
    version: Version.v2,
    signature: signatureAlgorithmOf(algorithm),
    issuer: AsnConvert.parse(authority.certificate.subjectName.toArrayBuffer(), Name),
    thisUpdate: new Time(thisUpdate),
    nextUpdate: new Time(nextUpdate),
    revokedCertificates: entries.length ? entries.map(revokedEntry) : undefined,
    crlExtensions: [
      extension(
        id_ce_authorityKeyIdentifier,
        new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(new Uint8Array(keyId)) }),
      ),
      extension(id_ce_cRLNumber, new CRLNumber(number)),
    ],
  });
  return Buffer.from(AsnConvert.serialize(tbs));
}

function revokedEntry(entry: Entry): RevokedCertificate {
  const serial = Buffer.from(entry.serialNumber, 'hex');
  const integer = (serial[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), serial]) : serial;
  const code = revocationReasons[entry.reason];
  return new RevokedCertificate({
    userCertificate: new Uint8Array(integer).buffer,
    revocationDate: new Time(entry.revokedAt),
    // RFC 5280 §5.3.1: reasonCode should be absent rather than unspecified.
    crlEntryExtensions:
      code === revocationReasons.unspecified ? undefined : [extension(id_ce_cRLReasons, new CRLReason(code))],
  });
}

function extension(oid: string, value: unknown): Extension {
  return new Extension({ extnID: oid, critical: false, extnValue: new OctetString(AsnConvert.serialize(value)) });
}
