import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { SubjectKeyIdentifierExtension } from '@peculiar/x509';
import type { CaHierarchy } from '../authority/ca-hierarchy';
import { CertificateAuthority } from '../authority/certificate-authority.entity';
import { signDer } from '../authority/signed-der';
import { throwawaySigner } from '../authority/signer';
import { wholeSeconds } from '../authority/whole-seconds';
import { assertLintClean } from '../lint/certificate-lint';
import { lintCrl } from '../lint/crl-lint';
import type { RevocationReason } from '../revocation/revocation-reason';
import { Crl } from './crl.entity';
import type { RevokedEntry } from './revoked-certificates-der';
import { buildTbsCertList } from './tbs-cert-list';

export interface CrlPublisherOptions {
  em: EntityManager;
  hierarchy: CaHierarchy;
  /** nextUpdate − thisUpdate, in hours. */
  validityHours: number;
  /** Republish when less than this many hours are left before nextUpdate. */
  refreshMarginHours: number;
  /** Told when a background publication fails (the next status change or refresh tries again). */
  onError?: (error: unknown) => void;
  clock?: () => Date;
}

const hour = 60 * 60 * 1000;

/**
 * Full CRLs per CA (CT-5): signed, with a strictly increasing cRLNumber, thisUpdate/nextUpdate and
 * reason codes; linted with a throwaway key before the CA signs. A status change only `request`s a
 * CRL: publication runs in the background, and every request made while one is being signed is
 * folded into the single next one. The CRL is also republished before nextUpdate.
 */
export class CrlPublisher {
  private readonly clock: () => Date;
  /** Per CA: the publication being made, and the one queued behind it for the requests since it began. */
  private readonly running = new Map<string, Promise<void>>();
  private readonly queued = new Map<string, Promise<void>>();

  constructor(private readonly options: CrlPublisherOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  /**
   * Asks for a CRL of the CA that reflects every status change committed so far, without waiting for
   * it: the returned promise settles once it is published (or its failure was reported to `onError`).
   */
  request(authorityName: string): Promise<void> {
    const queued = this.queued.get(authorityName);
    if (queued) return queued;
    const before = this.running.get(authorityName) ?? Promise.resolve();
    const next = before.then(() => {
      this.queued.delete(authorityName);
      const run = this.publish(authorityName).then(
        () => undefined,
        (error: unknown) => this.options.onError?.(error),
      );
      this.running.set(authorityName, run);
      return run;
    });
    this.queued.set(authorityName, next);
    return next;
  }

  /** Waits for the publications requested so far (at most the running one and the queued one). */
  async settled(authorityName: string): Promise<void> {
    await (this.queued.get(authorityName) ?? this.running.get(authorityName));
  }

  /** Waits for every publication requested so far, of every CA (before the database closes). */
  async idle(): Promise<void> {
    await Promise.all([...this.queued.values(), ...this.running.values()]);
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
      const entries = await revokedEntries(em, row.id);
      const thisUpdate = wholeSeconds(this.clock());
      const nextUpdate = new Date(thisUpdate.getTime() + this.options.validityHours * hour);
      const tbs = buildTbsCertList({
        algorithm: signer.algorithm,
        issuer: authority.certificate.subjectName.toArrayBuffer(),
        keyId: Buffer.from(authority.certificate.getExtension(SubjectKeyIdentifierExtension)?.keyId ?? '', 'hex'),
        number,
        thisUpdate,
        nextUpdate,
        entries,
      });
      assertLintClean(lintCrl(await signDer(tbs, throwawaySigner(signer.algorithm)), row.certificateDer, number));
      const der = await signDer(tbs, signer);
      row.lastCrlNumber = number;
      return em.create(Crl, { authorityId: row.id, number, thisUpdate, nextUpdate, entries: entries.length, der });
    });
  }

  /**
   * The newest CRL of a CA, after the publications requested so far; published first when there is
   * none or it is close to nextUpdate.
   */
  async current(authorityName: string): Promise<Crl> {
    const authority = await this.options.hierarchy.authority(authorityName);
    if (!authority) throw new Error(`no CA ${authorityName}`);
    await this.settled(authorityName);
    const latest = await this.options.em
      .fork()
      .findOne(Crl, { authorityId: authority.entity.id }, { orderBy: { number: 'desc' }, populate: ['der'] });
    const refreshAt = latest && latest.nextUpdate.getTime() - this.options.refreshMarginHours * hour;
    if (latest && refreshAt && this.clock().getTime() < refreshAt) return latest;
    return this.publish(authorityName);
  }

  /**
   * Publishes a new CRL for every CA whose current one is due (the scheduled refresh): roots, active issuing
   * CAs, and retired ones until their last certificate has expired.
   */
  async refreshDue(): Promise<void> {
    const { hierarchy } = this.options;
    for (const authority of await hierarchy.authorities()) {
      if (await hierarchy.publishes(authority)) await this.current(authority.entity.name);
    }
  }
}

/**
 * The revoked and held certificates of a CA, oldest first, as plain rows: at 100,000 entries
 * hydrating entities would cost more than encoding the CRL.
 */
async function revokedEntries(em: EntityManager, authorityId: string): Promise<RevokedEntry[]> {
  const rows = await em.execute<
    { serial_number: string; revoked_at: Date; revocation_reason: RevocationReason | null }[]
  >(
    `select serial_number, revoked_at, revocation_reason from "certificate"."certificate"
      where authority_id = ? and revoked_at is not null order by revoked_at, serial_number`,
    [authorityId],
  );
  return rows.map((row) => ({
    serialNumber: row.serial_number,
    revokedAt: new Date(row.revoked_at),
    reason: row.revocation_reason ?? 'unspecified',
  }));
}
