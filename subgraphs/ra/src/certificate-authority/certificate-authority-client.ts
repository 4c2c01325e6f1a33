import type { ServiceTokenSource } from '@tessera/kit';
import { GraphQLClient, gql } from 'graphql-request';

export interface EnrollmentRequest {
  kind: 'PERSONAL' | 'ORGANIZATION' | 'SERVER';
  usage: 'SIGNING' | 'ENCRYPTION';
  subject: string;
  holderUserId?: string;
  /** The RA's idempotency key: the certificate subgraph answers a repeat with the same enrollment. */
  applicationReference: string;
}

export interface EnrollmentCodes {
  referenceCode: string;
  authorizationCode: string;
  certificateId: string;
}

/** What the RA asks of the certificate subgraph (it never touches that subgraph's tables). */
export interface CertificateAuthority {
  createEnrollment(request: EnrollmentRequest): Promise<EnrollmentCodes>;
  revoke(certificateId: string, reason: string): Promise<void>;
  suspend(certificateId: string): Promise<void>;
  release(certificateId: string): Promise<void>;
}

const createEnrollment = gql`
  mutation RaCreateEnrollment($input: EnrollmentInput!) {
    createEnrollment(input: $input) { referenceCode authorizationCode certificate { id } }
  }
`;
const revoke = gql`
  mutation RaRevokeCertificate($id: ID!, $reason: RevocationReason!) { revokeCertificate(id: $id, reason: $reason) { id } }
`;
const suspend = gql`
  mutation RaSuspendCertificate($id: ID!) { suspendCertificate(id: $id) { id } }
`;
const release = gql`
  mutation RaReleaseCertificate($id: ID!) { releaseCertificate(id: $id) { id } }
`;

/** The certificate subgraph over authenticated service-to-service GraphQL. */
export class GraphqlCertificateAuthority implements CertificateAuthority {
  private readonly client: GraphQLClient;

  constructor(url: string, tokens: ServiceTokenSource, timeoutMs = 10_000) {
    this.client = new GraphQLClient(url, {
      requestMiddleware: async (request) => {
        const headers = new Headers(request.headers as ConstructorParameters<typeof Headers>[0]);
        headers.set('authorization', `Bearer ${await tokens.token()}`);
        return { ...request, headers };
      },
      fetch: (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) }),
    });
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

  async suspend(certificateId: string): Promise<void> {
    await this.client.request(suspend, { id: certificateId });
  }

  async release(certificateId: string): Promise<void> {
    await this.client.request(release, { id: certificateId });
  }
}
