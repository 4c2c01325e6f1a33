import {
  type CaHierarchyName,
  CertificateHierarchyValue,
  EnvelopeFormatValue,
  type ServiceTokenSource,
  serviceGraphClient,
  Tracing,
} from '@tessera/kit';
import { GraphQLClient, gql } from 'graphql-request';

export interface EnrollmentRequest {
  kind: 'PERSONAL' | 'ORGANIZATION' | 'SERVER';
  usage: 'SIGNING' | 'ENCRYPTION';
  subject: string;
  /** CT-1: the approved DNS names of a server certificate. */
  dnsNames?: string[];
  /** The subscriber's mailbox (rfc822Name). */
  email?: string;
  holderUserId?: string;
  /** CT-1: a signing/encryption pair, the encryption key made and escrowed by the CA's key management centre. */
  dual?: boolean;
  /** The RA's idempotency key: the certificate subgraph answers a repeat with the same enrollment. */
  applicationReference: string;
  /** The subscriber's numbers for the GM/T 0015 identity extensions (the ID number only for a person's own certificate). */
  identity?: { idNumber?: string; insuranceNumber?: string; creditCode?: string; organizationCode?: string };
  /** Issue 14: the CA hierarchy the application chose, 国密 SM2 or 国际 RSA/ECC. */
  hierarchy?: 'INTERNATIONAL' | 'SM2';
}

export interface EnrollmentCodes {
  referenceCode: string;
  authorizationCode: string;
  certificateId: string;
}

/** What the CA answers a suspension with: the end of the certificate's validity (RA-5). */
export interface Suspended {
  notAfter: Date | null;
}

/** A certificate's state at the CA (CT-2), as the GraphQL enum names it. */
export type CertificateState = 'NEW_APPLICATION' | 'IN_USE' | 'CANCELLED' | 'SUSPENDED' | 'REVOKED';

/** What a submission checks of the certificate it names (RA item 16, RA-2). */
export interface CertificateStatus {
  state: CertificateState;
  notAfter: Date;
  /** The hierarchy that issued it (issue 14); null until issued. */
  hierarchy: CaHierarchyName | null;
}

/** What an application's enrollment issued (RA item 14): asked again until the certificate is delivered. */
export interface Issuance {
  certificateId: string;
  serialNumber: string;
  notAfter: Date;
  pem: string;
  /** A dual certificate (CT-1): the encryption certificate and its key, enveloped again to the signing key. */
  encryption: {
    certificateId: string;
    serialNumber: string;
    pem: string;
    envelope: string;
    envelopeFormat: EnvelopeFormatValue;
  } | null;
}

/** What the RA asks of the certificate subgraph (it never touches that subgraph's tables). */
export interface CertificateAuthority {
  createEnrollment(request: EnrollmentRequest): Promise<EnrollmentCodes>;
  revoke(certificateId: string, reason: string): Promise<void>;
  suspend(certificateId: string): Promise<Suspended>;
  /** The end of a certificate's validity (public, CT-2), for a suspension whose first answer was lost. */
  validity(certificateId: string): Promise<Suspended>;
  release(certificateId: string): Promise<void>;
  /** RA-6: resets the PIN counter of a locked EKey; `unlockApplication` is the application's id (a repeat is a no-op). */
  unlockEKey(serialNumber: string, unlockApplication: string): Promise<void>;
  /** The state and validity end of a certificate (public, CT-2); null when the CA knows no such certificate. */
  status(certificateId: string): Promise<CertificateStatus | null>;
  /**
   * RA item 14: what the enrollment with this application reference issued; null until its codes are
   * redeemed. Without `envelope`, a dual certificate's key is not enveloped again (nor its delivery
   * recorded by the KMC) and `encryption` is null: for the RA's own record of the certificate.
   */
  issuance(applicationReference: string, options?: { envelope: boolean }): Promise<Issuance | null>;
}

const createEnrollment = gql`
  mutation RaCreateEnrollment($input: EnrollmentInput!) {
    createEnrollment(input: $input) { referenceCode authorizationCode certificate { id } }
  }
`;
const revoke = gql`
  mutation RaRevokeCertificate($id: UUID!, $reason: RevocationReason!) { revokeCertificate(id: $id, reason: $reason) { id } }
`;
const suspend = gql`
  mutation RaSuspendCertificate($id: UUID!) { suspendCertificate(id: $id) { id notAfter } }
`;
const validity = gql`
  query RaCertificateValidity($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on Certificate { notAfter } }
  }
`;
const status = gql`
  query RaCertificateStatus($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on Certificate { state notAfter hierarchy } }
  }
`;
const release = gql`
  mutation RaReleaseCertificate($id: UUID!) { releaseCertificate(id: $id) { id } }
`;

const unlockEKey = gql`
  mutation RaUnlockEKey($serialNumber: String!, $unlockApplication: String!) {
    unlockEKey(serialNumber: $serialNumber, unlockApplication: $unlockApplication) { serialNumber }
  }
`;

const issuance = gql`
  query RaEnrollmentIssuance($applicationReference: String!) {
    enrollmentIssuance(applicationReference: $applicationReference) {
      pem
      certificate { id serialNumber notAfter }
      encryption { pem envelope envelopeFormat certificate { id serialNumber } }
    }
  }
`;
const issuedCertificate = gql`
  query RaEnrollmentCertificate($applicationReference: String!) {
    enrollmentIssuance(applicationReference: $applicationReference) { pem certificate { id serialNumber notAfter } }
  }
`;

interface IssuanceAnswer {
  pem: string;
  certificate: { id: string; serialNumber: string; notAfter: string };
  encryption: {
    pem: string;
    envelope: string;
    envelopeFormat: keyof typeof EnvelopeFormatValue;
    certificate: { id: string; serialNumber: string };
  } | null;
}

/**
 * The certificate subgraph over authenticated service-to-service GraphQL. A call made while serving
 * a request carries its request id, so the certificate subgraph's log lines join the same story, and
 * its trace (`traceparent`, with tracing on), so its spans do too.
 */
export class GraphqlCertificateAuthority implements CertificateAuthority {
  private readonly client: GraphQLClient;

  constructor(url: string, tokens: ServiceTokenSource, tracing = Tracing.off(), timeoutMs = 10_000) {
    this.client = serviceGraphClient(url, tokens, { service: 'certificate', tracing, timeoutMs });
  }

  async createEnrollment(request: EnrollmentRequest): Promise<EnrollmentCodes> {
    const { createEnrollment: codes } = await this.client.request<{
      createEnrollment: { referenceCode: string; authorizationCode: string; certificate: { id: string } };
    }>(createEnrollment, { input: request });
    return {
      referenceCode: codes.referenceCode,
      authorizationCode: codes.authorizationCode,
      certificateId: codes.certificate.id,
    };
  }

  async revoke(certificateId: string, reason: string): Promise<void> {
    await this.client.request(revoke, { id: certificateId, reason });
  }

  async suspend(certificateId: string): Promise<Suspended> {
    const { suspendCertificate } = await this.client.request<{ suspendCertificate: { notAfter: string | null } }>(
      suspend,
      { id: certificateId },
    );
    return { notAfter: suspendCertificate.notAfter ? new Date(suspendCertificate.notAfter) : null };
  }

  async validity(certificateId: string): Promise<Suspended> {
    const { _entities: entities } = await this.client.request<{ _entities: ({ notAfter?: string | null } | null)[] }>(
      validity,
      { representations: [{ __typename: 'Certificate', id: certificateId }] },
    );
    const notAfter = entities[0]?.notAfter;
    return { notAfter: notAfter ? new Date(notAfter) : null };
  }

  async status(certificateId: string): Promise<CertificateStatus | null> {
    const { _entities: entities } = await this.client.request<{
      _entities: ({
        state?: CertificateState | null;
        notAfter?: string | null;
        hierarchy?: keyof typeof CertificateHierarchyValue | null;
      } | null)[];
    }>(status, { representations: [{ __typename: 'Certificate', id: certificateId }] });
    const found = entities[0];
    if (!found?.state || !found.notAfter) return null;
    const hierarchy = found.hierarchy ? CertificateHierarchyValue[found.hierarchy] : null;
    return { state: found.state, notAfter: new Date(found.notAfter), hierarchy };
  }

  async release(certificateId: string): Promise<void> {
    await this.client.request(release, { id: certificateId });
  }

  async unlockEKey(serialNumber: string, unlockApplication: string): Promise<void> {
    await this.client.request(unlockEKey, { serialNumber, unlockApplication });
  }

  async issuance(applicationReference: string, options = { envelope: true }): Promise<Issuance | null> {
    const { enrollmentIssuance: found } = await this.client.request<{ enrollmentIssuance: IssuanceAnswer | null }>(
      options.envelope ? issuance : issuedCertificate,
      { applicationReference },
    );
    if (!found) return null;
    return {
      certificateId: found.certificate.id,
      serialNumber: found.certificate.serialNumber,
      notAfter: new Date(found.certificate.notAfter),
      pem: found.pem,
      encryption: found.encryption && {
        certificateId: found.encryption.certificate.id,
        serialNumber: found.encryption.certificate.serialNumber,
        pem: found.encryption.pem,
        envelope: found.encryption.envelope,
        envelopeFormat: EnvelopeFormatValue[found.encryption.envelopeFormat],
      },
    };
  }
}
