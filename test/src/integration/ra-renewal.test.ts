import { Certificate } from '@tessera/certificate';
import { errorCodes as codes, ok, until } from '../harness/graph-checks';
import {
  issuedCertificate,
  officerIdNumber,
  raCounter,
  registerUnit,
  certificateState as stateOf,
  stepApplication,
  submittedAtCounter,
} from '../harness/ra-counter';

// Certificates are issued for 365 days: a window as long makes a fresh one renewable.
const ra = raCounter(['ENTRY_CLERK', 'REVIEW_CLERK', 'ISSUING_CLERK', 'ADMINISTRATOR'], {
  RA_RENEWAL_WINDOW_DAYS: '365',
});
const { as } = ra;
const issue = (id: string) => issuedCertificate(ra, id);

const submit = (subscriberId: string, businessType: string, certificateId: string) =>
  as<{ submitApplication: { id: string } }>(
    'ENTRY_CLERK',
    'mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id } }',
    {
      input: { subscriberId, businessType, certificateKind: 'ORGANIZATION', certificateId, idNumber: officerIdNumber },
    },
  );

describe('renewal at expiry (RA-2) and what a submission may name (RA item 16)', () => {
  it('renews a certificate within the window and supersedes the old one once the new one is delivered', async () => {
    const subscriberId = await registerUnit(as);
    const old = await issue(await submittedAtCounter(as, subscriberId, { businessType: 'CHANGE' }));
    const renewal = await submittedAtCounter(as, subscriberId, { businessType: 'RENEWAL', certificateId: old });
    const renewed = await issue(renewal);
    expect(renewed).not.toBe(old);
    expect(await stateOf(as, old)).toBe('IN_USE');
    await stepApplication(as, 'ISSUING_CLERK', renewal, 'DELIVER');
    await until(async () => ((await stateOf(as, old)) === 'REVOKED' ? true : undefined));
    const superseded = await ra.platform.certificate.orm.em.fork().findOneOrFail(Certificate, { id: old });
    expect(superseded.revocationReason).toBe('superseded');
    expect(await stateOf(as, renewed)).toBe('IN_USE');
  });

  it('refuses at submission a suspension of a revoked certificate, and a renewal of one', async () => {
    const subscriberId = await registerUnit(as);
    const certificateId = await issue(await submittedAtCounter(as, subscriberId, { businessType: 'CHANGE' }));
    ok(
      await as('ADMINISTRATOR', 'mutation($id: UUID!) { revokeCertificate(id: $id, reason: KEY_COMPROMISE) { id } }', {
        id: certificateId,
      }),
    );
    expect(codes(await submit(subscriberId, 'SUSPENSION', certificateId))).toEqual(['CERTIFICATE_ALREADY_REVOKED']);
    expect(codes(await submit(subscriberId, 'RENEWAL', certificateId))).toEqual(['CERTIFICATE_ALREADY_REVOKED']);
    expect(codes(await submit(subscriberId, 'RELEASE', certificateId))).toEqual(['CERTIFICATE_ALREADY_REVOKED']);
  });
});
