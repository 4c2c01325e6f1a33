import type { RequiredEntityData } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { revocationReasonName } from '@tessera/kit';
import type { CertificateApplication } from '../applications/certificate-application.entity';
import type { Subscriber } from '../subscribers/subscriber.entity';
import { type OutboxKind, OutboxMessage } from './outbox-message.entity';

/** RFC 4514: characters that must be escaped in a distinguished-name value. */
function escapeDn(value: string): string {
  return value.replace(/[,+"\\<>;=]/g, (c) => `\\${c}`).replace(/^[ #]|[ ]$/g, (c) => `\\${c}`);
}

/** The subject the RA approves: the subscriber's name, with the social-insurance number as OU. */
export function approvedSubject(subscriber: Subscriber): string {
  return `CN=${escapeDn(subscriber.name)},OU=${escapeDn(subscriber.socialInsuranceNumber)},C=CN`;
}

/**
 * CT-1: persons and units normally hold a signing/encryption pair, so their certificates are issued
 * dual; a server certificate is a single TLS certificate.
 */
const pairedKinds: ReadonlySet<string> = new Set(['personal', 'organization']);

/** The RA's key for an application's enrollment: the certificate subgraph answers repeats of it alike. */
export function enrollmentReference(applicationId: string): string {
  return `application:${applicationId}:enrollment`;
}

/**
 * The subscriber's numbers a certificate carries in its GM/T 0015 identity extensions (certificate
 * subgraph, profiles/identity-extensions.ts): the social-insurance number of a person or unit, a
 * unit's credit code or organization code. A person's ID number is not written here: the outbox
 * keeps no copy of it in clear; the dispatcher opens the sealed one when it sends the call
 * (`idNumberFromApplication`), and only for a person's own personal certificate.
 */
export function subscriberIdentity(
  application: CertificateApplication,
  subscriber: Subscriber,
): { identity: Record<string, string>; idNumberFromApplication: boolean } {
  const identity: Record<string, string> = { insuranceNumber: subscriber.socialInsuranceNumber };
  if (subscriber.kind === 'unit' && subscriber.creditCode) identity.creditCode = subscriber.creditCode;
  else if (subscriber.kind === 'unit' && subscriber.organizationCode)
    identity.organizationCode = subscriber.organizationCode;
  return {
    identity,
    idNumberFromApplication: subscriber.kind === 'person' && application.certificateKind === 'personal',
  };
}

/**
 * The calls the RA owes the certificate subgraph, as the messages a workflow step writes with its own
 * change (in the same statement: `Applications.step`). Each method answers the message owed, not yet
 * persisted, or nothing. The key names the application and the step, so a repeated step can never
 * ask twice.
 */
export class Outbox {
  requestEnrollment(tx: EntityManager, application: CertificateApplication, subscriber: Subscriber): OutboxMessage {
    const { identity, idNumberFromApplication } = subscriberIdentity(application, subscriber);
    return this.message(tx, {
      kind: 'create_enrollment',
      applicationId: application.id,
      idempotencyKey: enrollmentReference(application.id),
      payload: {
        request: {
          kind: application.certificateKind.toUpperCase(),
          usage: 'SIGNING',
          dual: pairedKinds.has(application.certificateKind),
          subject: approvedSubject(subscriber),
          ...(application.dnsNames.length ? { dnsNames: application.dnsNames } : {}),
          ...(application.email ? { email: application.email } : {}),
          ...(application.applicantUserId ? { holderUserId: application.applicantUserId } : {}),
          identity,
          hierarchy: application.hierarchy.toUpperCase(),
        },
        idNumberFromApplication,
      },
    });
  }

  /**
   * The call an acting application owes when the issuing clerk executes it: revoke, suspend or
   * release its certificate (RA-4, RA-5), or unlock its EKey (RA-6).
   */
  requestStatusChange(tx: EntityManager, application: CertificateApplication): OutboxMessage | undefined {
    if (application.businessType === 'unlock') {
      if (!application.mediumSerialNumber) return undefined;
      return this.add(tx, application, 'unlock_ekey', { serialNumber: application.mediumSerialNumber });
    }
    const kind = (
      { revocation: 'revoke_certificate', suspension: 'suspend_certificate', release: 'release_certificate' } as const
    )[application.businessType as 'revocation' | 'suspension' | 'release'];
    if (!kind || !application.certificateId) return undefined;
    return this.add(tx, application, kind, {
      certificateId: application.certificateId,
      ...(kind === 'revoke_certificate'
        ? { reason: revocationReasonName(application.revocationReason ?? 'unspecified') }
        : {}),
    });
  }

  /** RA-7: once the replacement is issued, the lost certificate is voided as compromised. */
  requestLostCertificateVoid(tx: EntityManager, application: CertificateApplication): OutboxMessage | undefined {
    if (!application.replacedCertificateId) return undefined;
    return this.add(tx, application, 'revoke_certificate', {
      certificateId: application.replacedCertificateId,
      reason: 'KEY_COMPROMISE',
    });
  }

  /** RA-2: once a renewal's certificate is delivered, the renewed one is revoked as superseded. */
  requestSupersededRevocation(tx: EntityManager, application: CertificateApplication): OutboxMessage | undefined {
    if (!application.replacedCertificateId) return undefined;
    return this.add(tx, application, 'revoke_certificate', {
      certificateId: application.replacedCertificateId,
      reason: 'SUPERSEDED',
    });
  }

  private add(
    tx: EntityManager,
    application: CertificateApplication,
    kind: OutboxKind,
    payload: Record<string, unknown>,
  ): OutboxMessage {
    return this.message(tx, {
      kind,
      applicationId: application.id,
      idempotencyKey: `application:${application.id}:${kind}`,
      payload,
    });
  }

  private message(tx: EntityManager, data: RequiredEntityData<OutboxMessage>): OutboxMessage {
    return tx.create(OutboxMessage, data, { persist: false });
  }
}
