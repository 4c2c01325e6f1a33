import type { StaffRole } from '@tessera/kit';
import { subscriberRequest } from '../../../subgraphs/certificate/src/testing/test-pki';
import { officerIdNumber } from '../../../subgraphs/ra/src/testing/subscribers';
import { ok, until } from './graph-checks';
import { type GraphResponse, graphql, startTestPlatform, type TestPlatform } from './platform';

export { officerIdNumber };

/** A GraphQL call through the gateway as one of a test's token holders. */
export type CallAs = <T = Record<string, unknown>>(
  who: string,
  query: string,
  variables?: Record<string, unknown>,
) => Promise<GraphResponse<T>>;

/** A test file's platform and the people who act on it through the gateway. */
export interface Counter {
  /** The platform, started before the file's tests and stopped after them. */
  readonly platform: TestPlatform;
  /** Tokens by holder: `staff-<role>` for each role asked for; a file adds its own (citizens) in its `beforeAll`. */
  readonly tokens: Record<string, string>;
  /** A call as the holder of `tokens[who]`; a name without a token calls anonymously. */
  readonly as: CallAs;
}

/**
 * Starts the whole platform for a test file (`beforeAll`, stopped in `afterAll`), with a token per staff role.
 * Call it at the top of the file, before the file's own hooks.
 */
export function raCounter(roles: readonly StaffRole[], env: Record<string, string> = {}): Counter {
  let started: TestPlatform | undefined;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    started = await startTestPlatform(env);
    for (const role of roles) {
      tokens[role] = await started.token({ subject: `staff-${role.toLowerCase()}`, kind: 'staff', roles: [role] });
    }
  });
  afterAll(() => started?.stop());
  const platform = () => {
    if (!started) throw new Error('the platform starts in beforeAll');
    return started;
  };
  return {
    get platform() {
      return platform();
    },
    tokens,
    as: (who, query, variables) => graphql(platform().gateway.url, query, { token: tokens[who], variables }),
  };
}

/** A `/pki` URL written into a certificate, on the certificate subgraph `platform` started (the configured host is not there). */
export function pkiUrl(platform: TestPlatform, url: string): string {
  return new URL(new URL(url).pathname, platform.certificate.url).toString();
}

/** The DER a certificate's `/pki` URL answers (a CA certificate, a CRL) on `platform`; fails the test unless 200. */
export async function fetchPki(platform: TestPlatform, url: string): Promise<Buffer> {
  const response = await fetch(pkiUrl(platform, url));
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

let unitSequence = 0;

/** The entry clerk registers an insured unit with made-up contact data and a fresh social-insurance number. */
export async function registerUnit(as: CallAs, fields: Record<string, unknown> = {}): Promise<string> {
  unitSequence += 1;
  const { registerSubscriber } = ok(
    await as<{ registerSubscriber: { id: string } }>(
      'ENTRY_CLERK',
      'mutation($input: RegisterSubscriberInput!) { registerSubscriber(input: $input) { id } }',
      {
        input: {
          kind: 'unit',
          socialInsuranceNumber: `1401${String(20000 + unitSequence)}`,
          name: `晋阳煤业有限公司 ${unitSequence}`,
          creditCode: '91440300MA5F0K3R4P',
          contactName: '赵六',
          contactPhone: '13800138000',
          region: '太原市',
          agency: '太原市社会保险管理中心',
          ...fields,
        },
      },
    ),
  );
  return registerSubscriber.id;
}

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

export interface EnrollmentCodes {
  referenceCode: string;
  authorizationCode: string;
}

/** Waits until the certificate subgraph has answered an approval with its codes (RA-11, via the outbox). */
export async function enrollmentCodes(as: CallAs, id: string): Promise<EnrollmentCodes> {
  return until(async () => {
    const { application } = ok(
      await as<{ application: { referenceCode: string | null; authorizationCode: string | null } }>(
        'ISSUING_CLERK',
        'query($id: UUID!) { application(id: $id) { referenceCode authorizationCode } }',
        { id },
      ),
    );
    return application.referenceCode && application.authorizationCode
      ? { referenceCode: application.referenceCode, authorizationCode: application.authorizationCode }
      : undefined;
  });
}

/** The issuing clerk's half of RA-11: waits for the CA's codes and redeems them with a fresh key; the certificate's id. */
export async function redeemedCertificate(counter: Counter, id: string): Promise<string> {
  const codes = await enrollmentCodes(counter.as, id);
  const { redeemEnrollment } = ok(
    await redeemCodes(counter.platform.gateway.url, codes, (await subscriberRequest()).csr),
  );
  return redeemEnrollment.certificate.id;
}

/** An application ready to be entered, taken through entry, review, redemption and the issue step; its certificate's id. */
export async function issuedCertificate(counter: Counter, id: string): Promise<string> {
  await stepApplication(counter.as, 'ENTRY_CLERK', id, 'ENTER');
  await stepApplication(counter.as, 'REVIEW_CLERK', id, 'APPROVE');
  const certificateId = await redeemedCertificate(counter, id);
  await stepApplication(counter.as, 'ISSUING_CLERK', id, 'ISSUE', { certificateId });
  return certificateId;
}

/** A certificate's state, as an administrator reads it through the graph. */
export async function certificateState(as: CallAs, id: string): Promise<string> {
  return ok(
    await as<{ certificate: { state: string } }>(
      'ADMINISTRATOR',
      'query($id: UUID!) { certificate(id: $id) { state } }',
      {
        id,
      },
    ),
  ).certificate.state;
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
