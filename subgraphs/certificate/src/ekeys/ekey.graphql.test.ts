import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { errorCodesOf } from '@tessera/kit';
import type { ExecutionResult } from 'graphql';
import {
  citizenViewer,
  type GraphHarness,
  serviceViewer,
  staffViewer,
  startGraphHarness,
} from '../testing/graph-harness';
import { openTestDatabase } from '../testing/test-database';

const codes = errorCodesOf;

function dataOf<T>(result: ExecutionResult): T {
  expect(result.errors).toBeUndefined();
  return result.data as T;
}

describe('EKey media through the graph (CT-3, RA-6, permissions)', () => {
  let orm: MikroORM;
  let graph: GraphHarness;
  const holderId = randomUUID();
  const holder = citizenViewer(holderId);
  const issuingClerk = staffViewer('ISSUING_CLERK');

  beforeAll(async () => {
    orm = await openTestDatabase();
    graph = await startGraphHarness(orm);
  });
  afterAll(async () => {
    await graph.close();
    await orm.close();
  });

  const register = (viewer: Parameters<GraphHarness['execute']>[1], serialNumber: string, purchasedOn = '2026-03-15') =>
    graph.execute(
      'mutation($input: RegisterEKeyInput!) { registerEKey(input: $input) { serialNumber warrantyEndsOn locked pinFailures } }',
      viewer,
      { input: { serialNumber, model: 'ePass3003', purchasedOn, holderUserId: holderId } },
    );
  const pin = (viewer: Parameters<GraphHarness['execute']>[1], serialNumber: string, correct = false) =>
    graph.execute(
      'mutation($s: String!, $c: Boolean!) { reportEKeyPinAttempt(serialNumber: $s, correct: $c) { locked remainingAttempts } }',
      viewer,
      { s: serialNumber, c: correct },
    );
  const unlock = (
    viewer: Parameters<GraphHarness['execute']>[1],
    serialNumber: string,
    application = 'application:u1:unlock_ekey',
  ) =>
    graph.execute(
      'mutation($s: String!, $a: String!) { unlockEKey(serialNumber: $s, unlockApplication: $a) { locked pinFailures lastUnlockApplication } }',
      viewer,
      { s: serialNumber, a: application },
    );

  it('CT-3: the issuing clerk records the medium at issuance, once per serial, with its warranty', async () => {
    expect(codes(await register(staffViewer('REVIEW_CLERK'), 'GK-0001'))).toEqual(['FORBIDDEN']);
    expect(codes(await register(holder, 'GK-0001'))).toEqual(['FORBIDDEN']);
    expect(codes(await register({ kind: 'anonymous' }, 'GK-0001'))).toEqual(['UNAUTHENTICATED']);
    expect(dataOf(await register(issuingClerk, 'GK-0001'))).toEqual({
      registerEKey: { serialNumber: 'GK-0001', warrantyEndsOn: '2027-03-15', locked: false, pinFailures: 0 },
    });
    expect(codes(await register(issuingClerk, 'GK-0001'))).toEqual(['EKEY_ALREADY_REGISTERED']);
    expect(codes(await register(issuingClerk, 'GK-0002', '2026-02-30'))).toEqual(['BAD_USER_INPUT']);
  });

  it('CT-3: staff find a key by serial or by holder; nobody else does', async () => {
    const bySerial = '{ ekey(serialNumber: "GK-0001") { serialNumber model holderUserId } }';
    expect(dataOf(await graph.execute(bySerial, staffViewer('SERVICE_AGENT')))).toEqual({
      ekey: { serialNumber: 'GK-0001', model: 'ePass3003', holderUserId: holderId },
    });
    expect(codes(await graph.execute(bySerial, holder))).toEqual(['FORBIDDEN']);
    expect(codes(await graph.execute(bySerial, serviceViewer('identity')))).toEqual(['FORBIDDEN']);
    expect(codes(await graph.execute('{ ekey(serialNumber: "nope") { id } }', staffViewer('AUDITOR')))).toEqual([
      'EKEY_NOT_FOUND',
    ]);
    const byHolder = dataOf<{ ekeys: { serialNumber: string }[] }>(
      await graph.execute('query($h: UUID!) { ekeys(holderUserId: $h) { serialNumber } }', staffViewer('AUDITOR'), {
        h: holderId,
      }),
    );
    expect(byHolder.ekeys).toEqual([{ serialNumber: 'GK-0001' }]);
  });

  it('CT-3: the holder’s client reports wrong PINs; the fifth locks the key; another citizen cannot', async () => {
    await register(issuingClerk, 'GK-0003');
    expect(codes(await pin(citizenViewer(), 'GK-0003'))).toEqual(['FORBIDDEN']);
    expect(codes(await pin({ kind: 'anonymous' }, 'GK-0003'))).toEqual(['UNAUTHENTICATED']);
    const outcomes = [];
    for (let i = 0; i < 5; i++) {
      outcomes.push(dataOf<{ reportEKeyPinAttempt: { locked: boolean } }>(await pin(holder, 'GK-0003')));
    }
    expect(outcomes.map((o) => o.reportEKeyPinAttempt.locked)).toEqual([false, false, false, false, true]);
    expect(codes(await pin(holder, 'GK-0003', true))).toEqual(['EKEY_LOCKED']);
  });

  it('RA-6: only the RA service unlocks, and a repeat of the same application is answered, not refused', async () => {
    for (const viewer of [
      holder,
      staffViewer('ISSUING_CLERK'),
      staffViewer('REVIEW_CLERK'),
      staffViewer('ADMINISTRATOR'),
      serviceViewer('identity'),
    ]) {
      expect(codes(await unlock(viewer, 'GK-0003'))).toEqual(['FORBIDDEN']);
    }
    expect(codes(await unlock({ kind: 'anonymous' }, 'GK-0003'))).toEqual(['UNAUTHENTICATED']);
    const unlocked = { locked: false, pinFailures: 0, lastUnlockApplication: 'application:u1:unlock_ekey' };
    expect(dataOf(await unlock(serviceViewer('ra'), 'GK-0003'))).toEqual({ unlockEKey: unlocked });
    expect(dataOf(await unlock(serviceViewer('ra'), 'GK-0003'))).toEqual({ unlockEKey: unlocked });
    expect(codes(await unlock(serviceViewer('ra'), 'GK-0003', 'application:u2:unlock_ekey'))).toEqual([
      'EKEY_NOT_LOCKED',
    ]);
    expect(dataOf(await pin(holder, 'GK-0003', true))).toEqual({
      reportEKeyPinAttempt: { locked: false, remainingAttempts: 5 },
    });
  });

  it('issue 14 item 6: a key records the algorithms it supports (RSA, ECC, SM2), international when not said', async () => {
    const registerWith = (serialNumber: string, algorithms?: string[]) =>
      graph.execute(
        'mutation($input: RegisterEKeyInput!) { registerEKey(input: $input) { serialNumber algorithms } }',
        issuingClerk,
        { input: { serialNumber, model: 'GM3000 (SKF)', purchasedOn: '2026-03-15', algorithms } },
      );
    expect(dataOf(await registerWith('GK-SM2-1', ['SM2', 'RSA']))).toEqual({
      registerEKey: { serialNumber: 'GK-SM2-1', algorithms: ['RSA', 'SM2'] },
    });
    expect(dataOf(await registerWith('GK-SM2-2'))).toEqual({
      registerEKey: { serialNumber: 'GK-SM2-2', algorithms: ['RSA', 'ECC'] },
    });
    expect(codes(await registerWith('GK-SM2-3', []))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await registerWith('GK-SM2-4', ['SM2', 'SM2']))).toEqual(['BAD_USER_INPUT']);
    const shown = '{ ekey(serialNumber: "GK-SM2-1") { algorithms } }';
    expect(dataOf(await graph.execute(shown, staffViewer('SERVICE_AGENT')))).toEqual({
      ekey: { algorithms: ['RSA', 'SM2'] },
    });
  });
});
