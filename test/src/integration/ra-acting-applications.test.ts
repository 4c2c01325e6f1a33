import { Certificate } from '@tessera/certificate';
import { User } from '@tessera/identity';
import { OutboxMessage } from '@tessera/ra';
import { errorCodes as codes, ok, until } from '../harness/graph-checks';
import {
  certificateState,
  officerIdNumber,
  raCounter,
  redeemedCertificate,
  registerUnit,
  stepApplication,
  submittedAtCounter,
} from '../harness/ra-counter';

const ra = raCounter(['ENTRY_CLERK', 'REVIEW_CLERK', 'ISSUING_CLERK', 'ARCHIVE_CLERK', 'ADMINISTRATOR']);
const { as, tokens } = ra;
let citizenId: string;

beforeAll(async () => {
  const em = ra.platform.identity.orm.em.fork();
  const citizen = em.create(User, { username: 'ekey-holder', kind: 'citizen', displayName: '赵六' });
  await em.flush();
  citizenId = citizen.id;
  tokens.CITIZEN = await ra.platform.token({ subject: citizenId, kind: 'citizen', realNameVerified: true });
});

/** Submits at the counter and checks every required document: ready to be entered. */
const submitted = async (input: Record<string, unknown>) => submittedAtCounter(as, await registerUnit(as), input);

const step = (who: string, id: string, event: string, extra?: Record<string, unknown>) =>
  stepApplication(as, who, id, event, extra);

const redeem = (id: string) => redeemedCertificate(ra, id);
const stateOf = (certificateId: string) => certificateState(as, certificateId);

const ekeyQuery = 'query($s: String!) { ekey(serialNumber: $s) { locked pinFailures lastUnlockApplication } }';
const pinMutation =
  'mutation($s: String!, $c: Boolean!) { reportEKeyPinAttempt(serialNumber: $s, correct: $c) { locked remainingAttempts } }';
const unlockMutation = 'mutation($s: String!) { unlockEKey(serialNumber: $s, unlockApplication: "forged") { locked } }';

describe('an EKey unlock application resets the key at the CA (RA-6, CT-3)', () => {
  const serialNumber = 'EK-RA6-0001';

  it('locks after five wrong PINs, stays locked for citizen and clerks, and is unlocked once the application completes', async () => {
    ok(
      await as(
        'ISSUING_CLERK',
        'mutation($input: RegisterEKeyInput!) { registerEKey(input: $input) { serialNumber } }',
        { input: { serialNumber, model: 'ePass3003', purchasedOn: '2026-06-01', holderUserId: citizenId } },
      ),
    );
    for (let i = 0; i < 5; i++) ok(await as('CITIZEN', pinMutation, { s: serialNumber, c: false }));
    expect(codes(await as('CITIZEN', pinMutation, { s: serialNumber, c: true }))).toEqual(['EKEY_LOCKED']);

    for (const who of ['CITIZEN', 'ENTRY_CLERK', 'REVIEW_CLERK', 'ISSUING_CLERK', 'ADMINISTRATOR']) {
      expect(codes(await as(who, unlockMutation, { s: serialNumber }))).toEqual(['FORBIDDEN']);
    }
    expect(codes(await as('ANONYMOUS', unlockMutation, { s: serialNumber }))).toEqual(['UNAUTHENTICATED']);

    expect(
      codes(
        await as(
          'ENTRY_CLERK',
          'mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id } }',
          {
            input: {
              subscriberId: await registerUnit(as),
              businessType: 'UNLOCK',
              certificateKind: 'ORGANIZATION',
              idNumber: officerIdNumber,
            },
          },
        ),
      ),
    ).toEqual(['MEDIUM_REQUIRED']);
    const id = await submitted({ businessType: 'UNLOCK', mediumSerialNumber: serialNumber });
    await step('ENTRY_CLERK', id, 'ENTER');
    await step('REVIEW_CLERK', id, 'APPROVE');
    expect(
      ok(await as<{ ekey: { locked: boolean } }>('REVIEW_CLERK', ekeyQuery, { s: serialNumber })).ekey.locked,
    ).toBe(true);
    await step('ISSUING_CLERK', id, 'EXECUTE');
    await step('ARCHIVE_CLERK', id, 'ARCHIVE');
    expect(await step('ARCHIVE_CLERK', id, 'COMPLETE')).toEqual({ state: 'COMPLETED' });

    const unlocked = await until(async () => {
      const { ekey } = ok(
        await as<{ ekey: { locked: boolean; pinFailures: number; lastUnlockApplication: string } }>(
          'ISSUING_CLERK',
          ekeyQuery,
          { s: serialNumber },
        ),
      );
      return ekey.locked ? undefined : ekey;
    });
    expect(unlocked).toEqual({ locked: false, pinFailures: 0, lastUnlockApplication: id });
    expect(ok(await as('CITIZEN', pinMutation, { s: serialNumber, c: true }))).toEqual({
      reportEKeyPinAttempt: { locked: false, remainingAttempts: 5 },
    });
  });
});

describe('a lost-key reissue voids the lost certificate through the outbox (RA-7)', () => {
  it('issues the replacement first, then revokes the lost certificate with keyCompromise, once', async () => {
    const change = await submitted({ businessType: 'CHANGE' });
    await step('ENTRY_CLERK', change, 'ENTER');
    await step('REVIEW_CLERK', change, 'APPROVE');
    const lost = await redeem(change);
    await step('ISSUING_CLERK', change, 'ISSUE', { certificateId: lost });
    expect(await stateOf(lost)).toBe('IN_USE');

    const id = await submitted({ businessType: 'LOST_REISSUE', certificateId: lost });
    await step('ENTRY_CLERK', id, 'ENTER');
    await step('REVIEW_CLERK', id, 'APPROVE');
    const replacement = await redeem(id);
    expect(await stateOf(lost)).toBe('IN_USE');
    await step('ISSUING_CLERK', id, 'ISSUE', { certificateId: replacement });

    await until(async () => ((await stateOf(lost)) === 'REVOKED' ? true : undefined));
    expect(await stateOf(replacement)).toBe('IN_USE');
    const voided = await ra.platform.certificate.orm.em.fork().findOneOrFail(Certificate, { id: lost });
    expect(voided.revocationReason).toBe('keyCompromise');
    const owed = await ra.platform.ra.orm.em
      .fork()
      .find(OutboxMessage, { applicationId: id }, { orderBy: { createdAt: 'asc' } });
    expect(owed.map((m) => [m.kind, m.payload.certificateId ?? null, m.deliveredAt ? 'delivered' : 'waiting'])).toEqual(
      [
        ['create_enrollment', null, 'delivered'],
        ['revoke_certificate', lost, 'delivered'],
      ],
    );
    const { application } = ok(
      await as<{ application: { certificate: { id: string }; replacedCertificate: { id: string; state: string } } }>(
        'REVIEW_CLERK',
        'query($id: UUID!) { application(id: $id) { certificate { id } replacedCertificate { id state } } }',
        { id },
      ),
    );
    expect(application).toEqual({
      certificate: { id: replacement },
      replacedCertificate: { id: lost, state: 'REVOKED' },
    });
  });
});
