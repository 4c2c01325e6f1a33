import type { EntityManager } from '@mikro-orm/postgresql';
import { normaliseDnsNames, normaliseEmailAddress } from '@tessera/kit';
import { Certificate, type CertificateKind, type CertificateUsage } from '../certificates/certificate.entity';
import { CertificateWriter, type InsertCertificate } from '../certificates/certificate-writer';
import { CertificateError } from '../errors';
import { subscriberProfile, subscriberProfiles } from '../profiles/certificate-profile';
import { identityExtensionValues, type SubscriberIdentity } from '../profiles/identity-extensions';
import type { CaHierarchy, HierarchyDefinition } from './ca-hierarchy';
import type { CertificateFactory } from './certificate-factory';
import { type VerifiedRequest, verifyCertificateRequest } from './certificate-request';
import { refuseOtherFamily } from './hierarchy-family';
import { wholeSeconds } from './whole-seconds';

/** Where the certified key comes from: a subscriber's CSR, or a key pair Tessera generated itself. */
export type KeySource =
  | {
      /** PKCS#10 request, DER or PEM; its signature proves possession. */
      csr: Buffer | string;
      verifiedRequest?: undefined;
      generatedPublicKey?: undefined;
    }
  | {
      csr?: undefined;
      /** A request the caller already verified (redemption checks it before it uses the codes up). */
      verifiedRequest: VerifiedRequest;
      generatedPublicKey?: undefined;
    }
  | {
      csr?: undefined;
      verifiedRequest?: undefined;
      /** SubjectPublicKeyInfo DER of a key the key management centre generated (CT-1 dual certificates). */
      generatedPublicKey: Buffer;
    };

export type IssueRequest = IssueFields & KeySource;

interface IssueFields {
  kind: CertificateKind;
  usage: CertificateUsage;
  /** Distinguished name from the approved enrollment (RA-11); the CSR's subject is ignored. */
  subject: string;
  /** Required for server certificates (CT-1). */
  dnsNames?: string[];
  /** The subscriber's mailbox, an rfc822Name: without one the certificate carries no emailProtection. */
  email?: string;
  holderUserId?: string;
  /** Overrides the configured validity. */
  validityDays?: number;
  /** The row reserved for this certificate at enrollment (state "new application", CT-2), filled in here. */
  pendingCertificateId?: string;
  /** The CA hierarchy (CA_HIERARCHIES) whose active issuing CA signs; the default one when absent. */
  hierarchy?: string;
  /** The subscriber's numbers from the RA (GM/T 0015 identity extensions; searchable on the row). */
  identity?: SubscriberIdentity;
}

export interface CertificateIssuerOptions {
  em: EntityManager;
  hierarchy: CaHierarchy;
  factory: CertificateFactory;
  /** Validity of subscriber certificates, in days. */
  validityDays: number;
  /** Whether certificates carry the GM/T 0015 identity extensions (`CA_GM_IDENTITY_EXTENSIONS`). */
  identityExtensions: boolean;
  clock?: () => Date;
  /** Told of each certificate issued (metrics). */
  onIssued?: (certificate: Certificate) => void;
}

const day = 24 * 60 * 60 * 1000;

/**
 * The names a subscriber certificate carries, normalised as the profile wants them (CT-1): DNS names
 * for a server, refused for anyone else; a valid mailbox.
 */
export function approvedNames(request: Pick<IssueFields, 'kind' | 'usage' | 'dnsNames' | 'email'>): {
  dnsNames: string[];
  email?: string;
} {
  const profile = subscriberProfiles[request.kind][request.usage];
  const checked = normaliseDnsNames(request.dnsNames ?? [], { wildcard: profile.wildcardDnsNames });
  if (checked.invalid !== undefined) throw new CertificateError('DNS_NAME_INVALID', { dnsName: checked.invalid });
  if (profile.requiresDnsNames && checked.names.length === 0) throw new CertificateError('DNS_NAMES_REQUIRED');
  if (!profile.requiresDnsNames && checked.names.length > 0) throw new CertificateError('DNS_NAMES_NOT_ALLOWED');
  if (!request.email) return { dnsNames: checked.names };
  const email = normaliseEmailAddress(request.email);
  if (!email) throw new CertificateError('SUBJECT_EMAIL_INVALID');
  return { dnsNames: checked.names, email };
}

/** Issues subscriber certificates from verified CSRs under the active issuing CA of a hierarchy (CT-1, CT-4). */
export class CertificateIssuer {
  private readonly clock: () => Date;
  private readonly writer: CertificateWriter;

  constructor(private readonly options: CertificateIssuerOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.writer = new CertificateWriter({ em: options.em });
  }

  /** The configured hierarchy an issuance naming `name` (none: the default one) is signed in; CA_HIERARCHY_UNKNOWN else. */
  hierarchy(name?: string): HierarchyDefinition {
    return this.options.hierarchy.definition(name);
  }

  /** Waits for certificates still being written (shutdown). */
  idle(): Promise<void> {
    return this.writer.idle();
  }

  /**
   * Writes through `into` when given (a caller's transaction), else through a fork of its own,
   * a new row committed together with those of the issuances finishing at the same time.
   */
  /** The hierarchy that issued `certificate` and its algorithm: a dual certificate's encryption pair follows its signing one. */
  async issuedUnder(certificate: Pick<Certificate, 'authorityId'>): Promise<HierarchyDefinition> {
    return (await this.options.hierarchy.hierarchyOf(certificate.authorityId)) ?? this.hierarchy();
  }

  async issue(request: IssueRequest, into?: EntityManager): Promise<Certificate> {
    const certificate = into
      ? await this.make(
          request,
          async (made) => {
            await into.insert(made);
          },
          into,
        )
      : await this.make(request, this.writer.insert);
    this.options.onIssued?.(certificate);
    return certificate;
  }

  /**
   * The row reserved for the certificate at enrollment (CT-2), still without one, and what fills it in: `into`, or
   * a fork made for it alone (a new row needs none: a fork per issuance was a twentieth of its time).
   */
  private async reservedRow(id: string, into?: EntityManager): Promise<{ em: EntityManager; row: Certificate }> {
    const em = into ?? this.options.em.fork();
    const row = await em.findOne(Certificate, { id, issuedAt: null });
    if (!row) throw new CertificateError('CERTIFICATE_ALREADY_ISSUED');
    return { em, row };
  }

  private async make(request: IssueRequest, insert: InsertCertificate, into?: EntityManager): Promise<Certificate> {
    const { dnsNames, email } = approvedNames(request);
    const profile = subscriberProfile(request.kind, request.usage, { email });
    const verified =
      request.generatedPublicKey !== undefined
        ? undefined
        : (request.verifiedRequest ?? (await verifyCertificateRequest(request.csr)));
    if (verified) refuseOtherFamily(verified.family, this.hierarchy(request.hierarchy));
    const { publicKey, key } = verified ?? { publicKey: request.generatedPublicKey as Buffer, key: undefined };
    const reserved = request.pendingCertificateId
      ? await this.reservedRow(request.pendingCertificateId, into)
      : undefined;
    const issuing = await this.options.hierarchy.issuing(request.hierarchy);
    const notBefore = wholeSeconds(this.clock());
    const validity = (request.validityDays ?? this.options.validityDays) * day;
    const notAfter = wholeSeconds(
      new Date(Math.min(notBefore.getTime() + validity, issuing.certificate.notAfter.getTime())),
    );
    const made = await this.options.factory.make(
      {
        profile,
        subject: request.subject,
        publicKey,
        publicKeyObject: key,
        dnsNames,
        email,
        notBefore,
        notAfter,
        serialNumber: reserved?.row.serialNumber,
        identity:
          this.options.identityExtensions && request.identity ? identityExtensionValues(request.identity) : undefined,
      },
      this.options.hierarchy.issuingAuthority(issuing, true),
    );

    const fields = {
      serialNumber: made.serialNumber,
      subject: request.subject,
      kind: request.kind,
      usage: request.usage,
      holderUserId: request.holderUserId,
      insuranceNumber: request.identity?.insuranceNumber,
      creditCode: request.identity?.creditCode,
      notBefore,
      notAfter,
      authorityId: issuing.entity.id,
      der: made.der,
      issuedAt: notBefore,
    };
    if (reserved) {
      reserved.em.assign(reserved.row, fields);
      await reserved.em.flush();
      return reserved.row;
    }
    // A plain instance (em.create's bookkeeping was a tenth of the issuance time); written by `insert`.
    const certificate = Object.assign(new Certificate(), fields);
    await insert(certificate);
    return certificate;
  }
}
