import { ok } from './graph-checks';
import { type GraphResponse, graphql } from './platform';

/** The ID number of the unit officer (or applicant) of test applications (RA-14): a valid resident ID. */
export const officerIdNumber = '440303198503121239';

/** A GraphQL call through the gateway as one of a test's token holders. */
export type CallAs = <T = Record<string, unknown>>(
  who: string,
  query: string,
  variables?: Record<string, unknown>,
) => Promise<GraphResponse<T>>;

/**
 * The entry clerk submits an application for a subscriber at the counter and checks every
 * required document: ready to be entered. Returns the application's id.
 */
export async function submittedAtCounter(
  as: CallAs,
  subscriberId: string,
  input: Record<string, unknown>,
): Promise<string> {
  const { submitApplication } = ok(
    await as<{ submitApplication: { id: string; documents: { documentType: string }[] } }>(
      'ENTRY_CLERK',
      'mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id documents { documentType } } }',
      { input: { subscriberId, certificateKind: 'ORGANIZATION', idNumber: officerIdNumber, ...input } },
    ),
  );
  for (const { documentType } of submitApplication.documents) {
    ok(
      await as('ENTRY_CLERK', 'mutation($input: DocumentInput!) { checkDocument(input: $input) { checked } }', {
        input: { applicationId: submitApplication.id, documentType },
      }),
    );
  }
  return submitApplication.id;
}

/** One workflow step by `who`, at the application's current version (read as an administrator). */
export async function stepApplication(
  as: CallAs,
  who: string,
  id: string,
  event: string,
  extra: Record<string, unknown> = {},
): Promise<{ state: string }> {
  const { application } = ok(
    await as<{ application: { version: number } }>(
      'ADMINISTRATOR',
      'query($id: UUID!) { application(id: $id) { version } }',
      {
        id,
      },
    ),
  );
  return ok(
    await as<{ stepApplication: { state: string } }>(
      who,
      'mutation($input: ApplicationStepInput!) { stepApplication(input: $input) { state } }',
      { input: { applicationId: id, event, expectedVersion: application.version, ...extra } },
    ),
  ).stepApplication;
}

/** A PKCS#10 request as PEM, the form the issuing clerk pastes. */
export function csrPem(csr: Buffer): string {
  return `-----BEGIN CERTIFICATE REQUEST-----\n${csr.toString('base64')}\n-----END CERTIFICATE REQUEST-----`;
}

export interface Redeemed {
  pem: string;
  certificate: { id: string; serialNumber: string };
  encryption: { envelope: string; certificate: { id: string } } | null;
}

/** Redeems an application's codes with a CSR at the certificate subgraph, as the issuing clerk's page does (RA-11). */
export async function redeemCodes(
  url: string,
  codes: { referenceCode: string; authorizationCode: string },
  csr: Buffer,
): Promise<GraphResponse<{ redeemEnrollment: Redeemed }>> {
  return graphql<{ redeemEnrollment: Redeemed }>(
    url,
    `mutation($r: String!, $a: String!, $csr: String!) {
      redeemEnrollment(referenceCode: $r, authorizationCode: $a, csr: $csr) {
        pem certificate { id serialNumber } encryption { envelope certificate { id } }
      }
    }`,
    { variables: { r: codes.referenceCode, a: codes.authorizationCode, csr: csrPem(csr) } },
  );
}
