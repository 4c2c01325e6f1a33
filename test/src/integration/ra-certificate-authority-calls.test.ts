import { errorCodes as codes, ok, until } from '../harness/graph-checks';
import { issuedCertificate, raCounter, registerUnit, stepApplication, submittedAtCounter } from '../harness/ra-counter';

const ra = raCounter(['ENTRY_CLERK', 'REVIEW_CLERK', 'ISSUING_CLERK', 'ARCHIVE_CLERK', 'ADMINISTRATOR', 'AUDITOR']);
const { as } = ra;

/** A unit's application at the counter with every required document checked: ready to be entered. */
const submitted = async (input: Record<string, unknown>) => submittedAtCounter(as, await registerUnit(as), input);

const step = (who: string, id: string, event: string, extra?: Record<string, unknown>) =>
  stepApplication(as, who, id, event, extra);

interface Call {
  id: string;
  kind: string;
  state: string;
  attempts: number;
  lastErrorCode: string | null;
  application: { id: string } | null;
}

const callFields = 'id kind state attempts lastErrorCode application { id }';

const callOf = async (who: string, applicationId: string) =>
  ok(
    await as<{ application: { certificateAuthorityCall: Omit<Call, 'application'> | null } }>(
      who,
      'query($id: UUID!) { application(id: $id) { certificateAuthorityCall { id kind state attempts lastErrorCode } } }',
      { id: applicationId },
    ),
  ).application.certificateAuthorityCall;

describe('a call the certificate authority refuses for good (RA item 12)', () => {
  it('stops a suspension of a certificate revoked meanwhile, shows it, and lets an administrator settle it', async () => {
    const certificateId = await issuedCertificate(ra, await submitted({ businessType: 'CHANGE' }));
    const suspension = await submitted({ businessType: 'SUSPENSION', certificateId });
    await step('ENTRY_CLERK', suspension, 'ENTER');
    await step('REVIEW_CLERK', suspension, 'APPROVE');
    ok(
      await as('ADMINISTRATOR', 'mutation($id: UUID!) { revokeCertificate(id: $id, reason: KEY_COMPROMISE) { id } }', {
        id: certificateId,
      }),
    );
    await step('ISSUING_CLERK', suspension, 'EXECUTE');

    const failed = await until(async () => {
      const call = await callOf('REVIEW_CLERK', suspension);
      return call?.state === 'FAILED' ? call : undefined;
    });
    expect(failed).toMatchObject({
      kind: 'SUSPEND_CERTIFICATE',
      attempts: 1,
      lastErrorCode: 'CERTIFICATE_ALREADY_REVOKED',
    });

    const listQuery = `{ undeliveredCertificateAuthorityCalls { ${callFields} } }`;
    const { undeliveredCertificateAuthorityCalls: listed } = ok(
      await as<{ undeliveredCertificateAuthorityCalls: Call[] }>('AUDITOR', listQuery),
    );
    expect(listed).toContainEqual({ ...failed, application: { id: suspension } });
    expect(codes(await as('REVIEW_CLERK', listQuery))).toEqual(['FORBIDDEN']);

    const retry = `mutation($id: UUID!) { retryCertificateAuthorityCall(id: $id) { ${callFields} } }`;
    const settle = `mutation($id: UUID!, $reason: String!) { settleCertificateAuthorityCall(id: $id, reason: $reason) { ${callFields} settledBy settlementReason } }`;
    for (const who of ['AUDITOR', 'ISSUING_CLERK']) {
      expect(codes(await as(who, retry, { id: failed.id }))).toEqual(['FORBIDDEN']);
      expect(codes(await as(who, settle, { id: failed.id, reason: 'x' }))).toEqual(['FORBIDDEN']);
    }

    expect(ok(await as<{ retryCertificateAuthorityCall: Call }>('ADMINISTRATOR', retry, { id: failed.id }))).toEqual({
      retryCertificateAuthorityCall: { ...failed, state: 'PENDING', application: { id: suspension } },
    });
    const again = await until(async () => {
      const call = await callOf('REVIEW_CLERK', suspension);
      return call?.state === 'FAILED' && call.attempts === 2 ? call : undefined;
    });
    expect(again.lastErrorCode).toBe('CERTIFICATE_ALREADY_REVOKED');

    expect(codes(await as('ADMINISTRATOR', settle, { id: failed.id, reason: '  ' }))).toEqual([
      'SETTLEMENT_REASON_REQUIRED',
    ]);
    const reason = '证书已于暂停前吊销，暂停无需再办理';
    const { settleCertificateAuthorityCall: settled } = ok(
      await as<{ settleCertificateAuthorityCall: Call & { settledBy: string; settlementReason: string } }>(
        'ADMINISTRATOR',
        settle,
        { id: failed.id, reason },
      ),
    );
    expect(settled).toMatchObject({ state: 'SETTLED', settledBy: 'staff-administrator', settlementReason: reason });
    expect(codes(await as('ADMINISTRATOR', retry, { id: failed.id }))).toEqual(['CA_CALL_STEP_NOT_ALLOWED']);
    const { undeliveredCertificateAuthorityCalls: after } = ok(
      await as<{ undeliveredCertificateAuthorityCalls: Call[] }>('ADMINISTRATOR', listQuery),
    );
    expect(after.map((call) => call.id)).not.toContain(failed.id);

    const { operationLog, verifyOperationLog, certificate } = ok(
      await as<{
        operationLog: { operation: string; maker: string; detail: string | null }[];
        verifyOperationLog: { intact: boolean };
        certificate: { state: string };
      }>(
        'AUDITOR',
        'query($id: UUID!, $cert: UUID!) { operationLog(applicationId: $id) { operation maker detail } verifyOperationLog { intact } certificate(id: $cert) { state } }',
        { id: suspension, cert: certificateId },
      ),
    );
    expect(operationLog.slice(0, 2)).toEqual([
      { operation: 'settle_ca_call', maker: 'staff-administrator', detail: `suspend_certificate: ${reason}` },
      { operation: 'retry_ca_call', maker: 'staff-administrator', detail: 'suspend_certificate' },
    ]);
    expect(verifyOperationLog.intact).toBe(true);
    expect(certificate.state).toBe('REVOKED');
  });
});
