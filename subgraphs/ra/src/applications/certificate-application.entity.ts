import { randomUUID } from 'node:crypto';
import { Entity, Enum, ManyToOne, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { type CaHierarchyName, caHierarchyNames } from '@tessera/kit';
import { Subscriber } from '../subscribers/subscriber.entity';
import { type ApplicationState, applicationStates } from '../workflow/workflow';
import {
  type BusinessType,
  businessTypes,
  type CertificateKind,
  certificateKinds,
  type RevocationReason,
  revocationReasons,
} from './business-type';

export { type BusinessType, businessTypes } from './business-type';

/**
 * A subscriber's certificate application as the RA moves it through its workflow. Who did each
 * step is kept on the application (the four-eyes rule compares them); the operation log keeps the
 * full history. `version` makes two clerks acting at once on one application fail, not both win.
 */
@Entity({ tableName: 'certificate_application' })
export class CertificateApplication {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Enum({ items: [...businessTypes], type: 'text' })
  businessType!: BusinessType;

  @Enum({ items: [...certificateKinds], type: 'text', default: 'personal' })
  certificateKind: CertificateKind & Opt = 'personal';

  @Enum({ items: [...applicationStates], type: 'text', default: 'submitted' })
  state: ApplicationState & Opt = 'submitted';

  @ManyToOne(() => Subscriber, { nullable: true, index: true })
  subscriber?: Subscriber;

  /** `online` (the subscriber, web client) or `counter` (an entry clerk). */
  @Enum({ items: ['online', 'counter'], type: 'text', default: 'counter' })
  channel: ('online' | 'counter') & Opt = 'counter';

  /** The identity `User` who applied, when the subscriber is a person. */
  @Property({ type: 'uuid', nullable: true, index: true })
  applicantUserId?: string;

  /** The certificate subgraph's `Certificate` this application produced or acts on. */
  @Property({ type: 'uuid', nullable: true, index: true })
  certificateId?: string;

  /** The public reference code of the enrollment the certificate subgraph made on approval (RA-11). */
  @Property({ type: 'text', nullable: true })
  referenceCode?: string;

  /**
   * The secret authorization code that goes with it, for the issuing clerk only, and wiped once the
   * certificate is issued.
   */
  @Property({ type: 'text', nullable: true, lazy: true })
  authorizationCode?: string | null;

  /** Lost-key reissue (RA-7): the lost certificate, voided with keyCompromise once the new one is issued. */
  @Property({ type: 'uuid', nullable: true })
  replacedCertificateId?: string;

  /**
   * CT-1: the DNS names a server certificate is for, as the entry clerk entered them (normalised:
   * lowercase, punycode); the review clerk approves them and the enrollment carries exactly these.
   */
  @Property({ type: 'jsonb', default: '[]' })
  dnsNames: string[] & Opt = [];

  /**
   * Issue 14: the algorithm the subscriber chose, 国密 SM2 (`sm2`) or 国际 RSA/ECC (`international`): the
   * enrollment issues under that CA hierarchy, and the CSR must be of its family.
   */
  @Enum({ items: [...caHierarchyNames], type: 'text', default: 'international' })
  hierarchy: CaHierarchyName & Opt = 'international';

  /** The subscriber's mailbox: the certificate names it (rfc822Name) and may then protect email. */
  @Property({ type: 'text', nullable: true })
  email?: string;

  /** RA-4: why the certificate is revoked (RFC 5280), as the CRL and OCSP will say it. */
  @Enum({ items: [...revocationReasons], type: 'text', nullable: true })
  revocationReason?: RevocationReason;

  /** EKey unlock (RA-6): the serial of the locked medium. */
  @Property({ type: 'text', nullable: true })
  mediumSerialNumber?: string;

  /** Suspension (RA-5): the end of the suspended certificate's validity, as the CA answered the suspension. */
  @Property({ type: 'timestamptz', nullable: true })
  certificateNotAfter?: Date;

  /**
   * A revocation review the RA opened itself (RA-5): the suspension that outlives its certificate.
   * Unique, so a suspension is sent to review once.
   */
  @Property({ type: 'uuid', nullable: true, unique: true })
  reviewOf?: string;

  /**
   * RA-14: the ID number of the applicant (a person) or of the unit's officer, captured with the
   * application: sealed in full (AES-256-GCM, kit/src/protection), found by its keyed hash, shown
   * masked. Read back in clear only by the outbox dispatcher, to send it to the certificate subgraph
   * for the GM/T 0015 IdentityCode of the applicant's own certificate (`CA_GM_IDENTITY_EXTENSIONS`).
   */
  @Property({ type: 'text', nullable: true, lazy: true })
  idNumberSealed?: string;

  @Property({ type: 'text', nullable: true, index: true })
  idNumberIndex?: string;

  @Property({ type: 'text', nullable: true })
  idNumberMasked?: string;

  /** When the subscriber bought the EKey (damaged-key replacement: free within a year, RA-8). */
  @Property({ type: 'date', nullable: true })
  mediumPurchasedOn?: string;

  @Property({ type: 'text', nullable: true })
  submittedBy?: string;

  @Property({ type: 'text', nullable: true })
  agencyApprovedBy?: string;

  @Property({ type: 'text', nullable: true })
  enteredBy?: string;

  @Property({ type: 'text', nullable: true })
  reviewedBy?: string;

  /** Why it was refused (RA-9): shown to the subscriber. */
  @Property({ type: 'text', nullable: true })
  rejectionReason?: string;

  @Property({ type: 'text', nullable: true })
  issuedBy?: string;

  @Property({ type: 'text', nullable: true })
  archivedBy?: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();

  @Property({ type: 'integer', version: true })
  version!: number & Opt;
}
