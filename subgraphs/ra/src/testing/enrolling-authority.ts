import type { CertificateAuthority, EnrollmentRequest } from '../certificate-authority/certificate-authority-client';

/**
 * A certificate subgraph for outbox tests that only takes enrollments: it records each request and
 * answers codes; any other call fails the test.
 */
export function enrollingAuthority(): { authority: CertificateAuthority; requests: EnrollmentRequest[] } {
  const requests: EnrollmentRequest[] = [];
  const refuse = async () => {
    throw new Error('not expected');
  };
  const authority: CertificateAuthority = {
    createEnrollment: async (request) => {
      requests.push(request);
      return { referenceCode: 'REF', authorizationCode: 'AUTH', certificateId: crypto.randomUUID() };
    },
    revoke: refuse,
    suspend: refuse,
    validity: refuse,
    release: refuse,
    unlockEKey: refuse,
    status: refuse,
    issuance: refuse,
  };
  return { authority, requests };
}
