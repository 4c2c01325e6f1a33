import { DomainError, isErrorCode, type ServiceTokenSource, serviceGraphClient, Tracing } from '@tessera/kit';
import { ClientError, GraphQLClient, gql } from 'graphql-request';
import { identityError } from '../errors';

/** What a certificate sign-in presents, with the challenge bytes identity issued. */
export interface CertificateProof {
  certificate: string;
  /** Base64 of the stored challenge bytes. */
  challenge: string;
  signature: string;
}

/** The subscriber the certificate subgraph answers for a certificate that may sign in. */
export interface CertificateSubscriber {
  certificateId: string;
  serialNumber: string;
  kind: 'personal' | 'organization';
  subject: string;
  hierarchy: string;
  holderUserId: string | null;
  insuranceNumber: string | null;
  creditCode: string | null;
  unitName: string | null;
}

/** The platform's EKey record after a reported PIN attempt (CT-3). */
export interface EKeyPinOutcome {
  locked: boolean;
  remainingAttempts: number;
}

/** Who keeps the EKey records and their PIN counts: the certificate subgraph (CT-3). */
export interface EKeyPinRecords {
  recordPinAttempt(serialNumber: string, correct: boolean): Promise<EKeyPinOutcome>;
}

/** Who checks a certificate sign-in: the certificate subgraph, which owns the CA and the certificates' status. */
export interface CertificateCheck {
  check(proof: CertificateProof): Promise<CertificateSubscriber>;
}

const checkSignInCertificate = gql`
  query IdentityCheckSignInCertificate($input: SignInCertificateInput!) {
    checkSignInCertificate(input: $input) {
      certificateId serialNumber kind subject hierarchy holderUserId insuranceNumber creditCode unitName
    }
  }
`;

const reportEKeyPinAttempt = gql`
  mutation IdentityReportEKeyPinAttempt($serialNumber: String!, $correct: Boolean!) {
    reportEKeyPinAttempt(serialNumber: $serialNumber, correct: $correct) { locked remainingAttempts }
  }
`;

/**
 * The certificate subgraph's `checkSignInCertificate` over authenticated service-to-service GraphQL
 * (identity's own service token). A refusal keeps the certificate subgraph's catalogue code (CT-6's
 * client codes among them); a subgraph that cannot be reached gives CERTIFICATE_SIGN_IN_UNAVAILABLE.
 * It also forwards the PIN attempts an EKey sign-in reports (`reportEKeyPinAttempt`, CT-3).
 */
export class GraphqlCertificateCheck implements CertificateCheck, EKeyPinRecords {
  private client?: { url: string; client: GraphQLClient };

  constructor(
    private url: string,
    private readonly tokens: ServiceTokenSource,
    private readonly tracing = Tracing.off(),
    private readonly timeoutMs = 10_000,
  ) {}

  /** Points at another address of the certificate subgraph (the in-process platform learns it after identity starts). */
  use(url: string): void {
    this.url = url;
  }

  async check(proof: CertificateProof): Promise<CertificateSubscriber> {
    const answer = await this.request<{ checkSignInCertificate: CertificateSubscriber }>(checkSignInCertificate, {
      input: proof,
    });
    return answer.checkSignInCertificate;
  }

  async recordPinAttempt(serialNumber: string, correct: boolean): Promise<EKeyPinOutcome> {
    const answer = await this.request<{ reportEKeyPinAttempt: EKeyPinOutcome }>(reportEKeyPinAttempt, {
      serialNumber,
      correct,
    });
    return answer.reportEKeyPinAttempt;
  }

  private async request<T>(document: string, variables: Record<string, unknown>): Promise<T> {
    try {
      return await this.graph().request<T>(document, variables);
    } catch (error) {
      const code = error instanceof ClientError ? error.response.errors?.[0]?.extensions?.code : undefined;
      if (isErrorCode(code) && code !== 'INTERNAL_SERVER_ERROR') throw new DomainError(code);
      throw identityError('CERTIFICATE_SIGN_IN_UNAVAILABLE');
    }
  }

  private graph(): GraphQLClient {
    if (this.client?.url !== this.url) {
      this.client = {
        url: this.url,
        client: serviceGraphClient(this.url, this.tokens, {
          service: 'certificate',
          tracing: this.tracing,
          timeoutMs: this.timeoutMs,
        }),
      };
    }
    return this.client.client;
  }
}
