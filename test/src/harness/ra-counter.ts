import { ok } from './graph-checks';
import type { GraphResponse } from './platform';

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
      { input: { subscriberId, certificateKind: 'ORGANIZATION', ...input } },
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
