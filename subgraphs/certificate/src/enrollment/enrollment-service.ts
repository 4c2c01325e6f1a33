import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { X509Certificate } from '@peculiar/x509';
import { type DataProtector, normaliseDnsName, normaliseEmailAddress } from '@tessera/kit';
import { approvedNames, type CertificateIssuer } from '../authority/certificate-issuer';
import {
  type RequestedName,
  requestedAlternativeNames,
  verifyCertificateRequest,
} from '../authority/certificate-request';
import { randomSerialNumber } from '../authority/serial-number';
import { Certificate, type CertificateKind, type CertificateUsage } from '../certificates/certificate.entity';
import { CertificateError, type CertificateErrorCode } from '../errors';
import type { EncryptionKeyDelivery, KeyManagementService } from '../kmc/key-management-service';
import { identityProblem, normaliseNumber, type SubscriberIdentity } from '../profiles/identity-extensions';
import { Enrollment } from './enrollment.entity';
import {
  authorizationCodeMatches,
  hashAuthorizationCode,
  newAuthorizationCode,
  newReferenceCode,
  normaliseCode,
} from './enrollment-codes';

export interface EnrollmentRequest {
  kind: CertificateKind;
  usage: CertificateUsage;
  /** Distinguished name the RA approved; the certificate carries exactly this. */
  subject: string;
  dnsNames?: string[];
  /** The subscriber's mailbox: the certificate names it (rfc822Name) and only then protects email. */
  email?: string;
  holderUserId?: string;
  validityDays?: number;
  applicationReference?: string;
  /** A dual certificate (CT-1): the KMC adds an encryption certificate and key to the signing one. */
  dual?: boolean;
  /** The subscriber's numbers from the RA (GM/T 0015 identity extensions); the ID number only for a person. */
  identity?: SubscriberIdentity;
  /** The CA hierarchy the application chose (国密 `sm2`, 国际 `international`); the default one when absent. */
  hierarchy?: string;
}

export interface EnrollmentCodes {
  enrollment: Enrollment;
  /** The certificate row the enrollment reserved, and a dual certificate's encryption one. */
  certificate: Certificate;
  encryptionCertificate?: Certificate;
  referenceCode: string;
  /** Shown once: only its hash is stored. */
  authorizationCode: string;
}

export interface Redemption {
  referenceCode: string;
  authorizationCode: string;
  /** PKCS#10, DER or PEM. */
  csr: Buffer | string;
}

/** The issued certificate and, for a dual certificate, the encryption certificate with its enveloped key. */
export interface RedeemedEnrollment {
  certificate: Certificate;
  encryption?: EncryptionKeyDelivery;
}

export interface EnrollmentServiceOptions {
  em: EntityManager;
  issuer: CertificateIssuer;
  kmc: KeyManagementService;
  /** How long the codes stay redeemable. */
  codeValidityDays: number;
  /** Default certificate validity when the RA sets none. */
  certificateValidityDays: number;
  /** Wrong codes before the enrollment locks. */
  maxFailedAttempts: number;
  /** Seals a person's ID number while the enrollment waits for its CSR (ID-8). */
  protector: DataProtector;
  /** `CA_GM_IDENTITY_EXTENSIONS`: off, no ID number is kept, since no certificate will carry it. */
  identityExtensions: boolean;
  clock?: () => Date;
}

const day = 24 * 60 * 60 * 1000;

/**
 * Enrollment by codes (RA-11): the RA's approval becomes an enrollment with a reference code and
 * an authorization code; redeeming both with a CSR issues the certificate, once (a repeat with
 * the same codes and key answers the same certificate).
 */
export class EnrollmentService {
  private readonly clock: () => Date;

  constructor(private readonly options: EnrollmentServiceOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  /**
   * Records an approved application; reserves its certificate row (state "new application").
   * Idempotent on `applicationReference`: the RA repeats a request whose answer it lost, and gets
   * the same enrollment back with a new authorization code (the lost one was never seen), unless
   * it was already redeemed.
   */
  async create(request: EnrollmentRequest, actor: string): Promise<EnrollmentCodes> {
    if (request.dual && request.usage !== 'signing') throw new CertificateError('DUAL_CERTIFICATE_USAGE_INVALID');
    if (request.dual && !this.options.kmc.enabled) throw new CertificateError('KMC_NOT_CONFIGURED');
    const { dnsNames, email } = approvedNames(request);
    const hierarchy = this.options.issuer.hierarchy(request.hierarchy).name;
    const identity = checkedIdentity(request.identity, this.options.identityExtensions);
    const now = this.clock();
    const validityDays = request.validityDays ?? this.options.certificateValidityDays;
    const referenceCode = newReferenceCode();
    const authorizationCode = newAuthorizationCode();
    const em = this.options.em.fork();
    const reserve = (usage: CertificateUsage) =>
      em.create(Certificate, {
        serialNumber: randomSerialNumber().hex,
        subject: request.subject,
        kind: request.kind,
        usage,
        holderUserId: request.holderUserId,
        insuranceNumber: identity.insuranceNumber,
        creditCode: identity.creditCode,
        notBefore: now,
        notAfter: new Date(now.getTime() + validityDays * day),
      });
    const certificate = reserve(request.usage);
    const encryptionCertificate = request.dual ? reserve('encryption') : undefined;
    const enrollment = em.create(Enrollment, {
      referenceCode,
      authorizationCodeHash: hashAuthorizationCode(authorizationCode),
      kind: request.kind,
      usage: request.usage,
      subject: request.subject,
      dnsNames,
      email,
      holderUserId: request.holderUserId,
      idNumberSealed: identity.idNumber && this.options.protector.seal('idNumber', identity.idNumber),
      insuranceNumber: identity.insuranceNumber,
      creditCode: identity.creditCode,
      organizationCode: identity.organizationCode,
      validityDays,
      hierarchy,
      applicationReference: request.applicationReference,
      certificateId: certificate.id,
      encryptionCertificateId: encryptionCertificate?.id,
      createdBy: actor,
      expiresAt: new Date(now.getTime() + this.options.codeValidityDays * day),
    });
    try {
      await em.flush();
    } catch (error) {
      // A repeat is found by its insert (one statement less for every first request, issue 16 goal 6).
      const repeated =
        request.applicationReference && isRepeat(error) ? await this.repeat(request.applicationReference) : undefined;
      if (repeated) return repeated;
      throw error;
    }
    return { enrollment, certificate, encryptionCertificate, referenceCode, authorizationCode };
  }

  private async repeat(applicationReference: string): Promise<EnrollmentCodes | undefined> {
    const em = this.options.em.fork();
    const enrollment = await em.findOne(Enrollment, { applicationReference });
    if (!enrollment) return undefined;
    if (enrollment.redeemedAt) throw new CertificateError('CERTIFICATE_ALREADY_ISSUED', { applicationReference });
    const authorizationCode = newAuthorizationCode();
    enrollment.authorizationCodeHash = hashAuthorizationCode(authorizationCode);
    await em.flush();
    const certificates = await em.find(Certificate, {
      id: [enrollment.certificateId, enrollment.encryptionCertificateId].filter((id): id is string => Boolean(id)),
    });
    const reserved = (id?: string | null) => certificates.find((c) => c.id === id);
    const certificate = reserved(enrollment.certificateId);
    if (!certificate) throw new CertificateError('CERTIFICATE_NOT_FOUND', { certificateId: enrollment.certificateId });
    return {
      enrollment,
      certificate,
      encryptionCertificate: reserved(enrollment.encryptionCertificateId),
      referenceCode: enrollment.referenceCode,
      authorizationCode,
    };
  }

  /**
   * Issues the enrollment's certificate, and for a dual certificate the KMC's encryption
   * certificate, in one transaction. Wrong or reused codes count against the enrollment and lock
   * it at the limit; a bad CSR does not use the codes up.
   */
  async redeem(redemption: Redemption): Promise<RedeemedEnrollment> {
    const verifiedRequest = await verifyCertificateRequest(redemption.csr);
    const requestedNames = requestedAlternativeNames(redemption.csr);
    const { enrollment, repeat } = await this.claim(redemption);
    if (repeat) return this.redeemAgain(enrollment, verifiedRequest.publicKey);
    const profile = {
      kind: enrollment.kind,
      subject: enrollment.subject,
      dnsNames: enrollment.dnsNames,
      email: enrollment.email ?? undefined,
      holderUserId: enrollment.holderUserId,
      validityDays: enrollment.validityDays,
      hierarchy: enrollment.hierarchy ?? undefined,
      identity: {
        idNumber: enrollment.idNumberSealed
          ? this.options.protector.open('idNumber', enrollment.idNumberSealed)
          : undefined,
        insuranceNumber: enrollment.insuranceNumber ?? undefined,
        creditCode: enrollment.creditCode ?? undefined,
        organizationCode: enrollment.organizationCode ?? undefined,
      },
    };
    try {
      refuseUnapprovedNames(requestedNames, enrollment);
      return await this.options.em.fork().transactional(async (em): Promise<RedeemedEnrollment> => {
        const certificate = await this.options.issuer.issue(
          { ...profile, usage: enrollment.usage, verifiedRequest, pendingCertificateId: enrollment.certificateId },
          em,
        );
        // The certificates carry the ID number now: the enrollment need not keep it any longer.
        if (enrollment.idNumberSealed)
          await em.nativeUpdate(Enrollment, { id: enrollment.id }, { idNumberSealed: null });
        if (!enrollment.encryptionCertificateId) return { certificate };
        const encryption = await this.options.kmc.issueEncryptionPair(
          { ...profile, pendingCertificateId: enrollment.encryptionCertificateId, signingCertificate: certificate },
          em,
        );
        return { certificate, encryption };
      });
    } catch (error) {
      await this.options.em.fork().nativeUpdate(Enrollment, { id: enrollment.id }, { redeemedAt: null });
      throw error;
    }
  }

  /**
   * What an enrollment issued, for the RA (RA item 14): the certificate and, for a dual
   * certificate, its encryption key enveloped again to the signing certificate. Null until the
   * codes are redeemed. The RA asks by its application reference and decides how long to ask
   * (until the certificate is delivered).
   */
  async issuedFor(applicationReference: string, envelope = true): Promise<RedeemedEnrollment | null> {
    const enrollment = await this.options.em.fork().findOne(Enrollment, { applicationReference });
    if (!enrollment?.redeemedAt) return null;
    return this.issued(enrollment, envelope).catch((error: unknown) => {
      if (error instanceof CertificateError && error.code === 'CERTIFICATE_NOT_ISSUED') return null;
      throw error;
    });
  }

  /**
   * A repeated redemption (RA item 14): the issuing clerk's page was lost after the codes were
   * redeemed. With the same codes and the same key it answers what the first one issued: the same
   * certificate, and the same escrowed encryption key in a new envelope only that key opens, so
   * the repeat reveals nothing the first answer did not. Another key is refused: one enrollment
   * issues one certificate.
   */
  private async redeemAgain(enrollment: Enrollment, spki: Buffer): Promise<RedeemedEnrollment> {
    const issued = await this.issued(enrollment);
    const der = issued.certificate.der as Buffer;
    if (!Buffer.from(new X509Certificate(der).publicKey.rawData).equals(spki)) {
      throw new CertificateError('CERTIFICATE_ALREADY_ISSUED', { referenceCode: enrollment.referenceCode });
    }
    return issued;
  }

  /** Without `envelope`, the certificate alone: a dual certificate's key is not enveloped again. */
  private async issued(enrollment: Enrollment, envelope = true): Promise<RedeemedEnrollment> {
    return this.options.em.fork().transactional(async (em) => {
      // Both certificates in one read: the KMC finds the encryption one in the identity map.
      const ids = [enrollment.certificateId, enrollment.encryptionCertificateId].filter((id): id is string =>
        Boolean(id),
      );
      const certificates = await em.find(Certificate, { id: ids }, { populate: ['der'] });
      const certificate = certificates.find((c) => c.id === enrollment.certificateId);
      // Redeemed but not yet signed: the first redemption is still running.
      if (!certificate?.der)
        throw new CertificateError('CERTIFICATE_NOT_ISSUED', { certificateId: enrollment.certificateId });
      if (!enrollment.encryptionCertificateId || !envelope) return { certificate };
      const encryption = await this.options.kmc.envelopeAgain(enrollment.encryptionCertificateId, certificate, em);
      return { certificate, encryption };
    });
  }

  /**
   * Checks the codes under a row lock and marks the enrollment used, or counts the failure. The
   * right codes of an enrollment already redeemed are a repeat, not a failure.
   */
  private async claim(redemption: Redemption): Promise<{ enrollment: Enrollment; repeat: boolean }> {
    const now = this.clock();
    type Claim =
      | { code: CertificateErrorCode; enrollment?: undefined }
      | { code?: undefined; enrollment: Enrollment; repeat: boolean };
    const claim = await this.options.em.fork().transactional(async (em): Promise<Claim> => {
      const enrollment = await em.findOne(
        Enrollment,
        { referenceCode: normaliseCode(redemption.referenceCode) },
        { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['idNumberSealed'] },
      );
      if (!enrollment) return { code: 'ENROLLMENT_CODES_INVALID' };
      if (enrollment.failedAttempts >= this.options.maxFailedAttempts) return { code: 'ENROLLMENT_LOCKED' };
      if (enrollment.expiresAt <= now) return { code: 'ENROLLMENT_EXPIRED' };
      if (!authorizationCodeMatches(redemption.authorizationCode, enrollment.authorizationCodeHash)) {
        enrollment.failedAttempts += 1;
        const locked = enrollment.failedAttempts >= this.options.maxFailedAttempts;
        return { code: locked ? 'ENROLLMENT_LOCKED' : 'ENROLLMENT_CODES_INVALID' };
      }
      if (enrollment.redeemedAt) return { enrollment, repeat: true };
      enrollment.redeemedAt = now;
      return { enrollment, repeat: false };
    });
    if (claim.code) throw new CertificateError(claim.code);
    return claim;
  }
}

/** Whether an insert failed on the enrollment of an application reference that already has one. */
function isRepeat(error: unknown): boolean {
  return (
    error instanceof UniqueConstraintViolationException &&
    (error as { constraint?: string }).constraint === 'enrollment_application_reference_unique'
  );
}

/** The RA's numbers as the certificate will carry them (GM/T 0015), or SUBSCRIBER_IDENTITY_INVALID. */
function checkedIdentity(raw: SubscriberIdentity | undefined, withIdNumber: boolean): SubscriberIdentity {
  const identity: SubscriberIdentity = {
    idNumber: withIdNumber ? normaliseNumber(raw?.idNumber) : undefined,
    insuranceNumber: normaliseNumber(raw?.insuranceNumber),
    creditCode: normaliseNumber(raw?.creditCode),
    organizationCode: normaliseNumber(raw?.organizationCode),
  };
  const field = identityProblem(identity);
  if (field) throw new CertificateError('SUBSCRIBER_IDENTITY_INVALID', { field });
  return identity;
}

/**
 * CT-1: the certificate carries the approved names only; a CSR asking for any other alternative name
 * (a DNS name, a mailbox, an IP address...) was made for something else and is refused.
 */
function refuseUnapprovedNames(requested: RequestedName[], enrollment: Enrollment): void {
  for (const name of requested) {
    const approved =
      name.type === 'dns'
        ? enrollment.dnsNames.includes(normaliseDnsName(name.value) ?? '')
        : name.type === 'email' && Boolean(enrollment.email) && normaliseEmailAddress(name.value) === enrollment.email;
    if (!approved) throw new CertificateError('CSR_NAMES_NOT_APPROVED', { name: name.value });
  }
}
