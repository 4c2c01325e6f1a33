import type { MikroORM } from '@mikro-orm/postgresql';
import { openTestDatabase } from '../testing/test-database';
import { EKeyService, maxPinFailures, oneYearAfter } from './ekey-service';

describe('EKey media (CT-3, RA-6, RA-8)', () => {
  let orm: MikroORM;
  let ekeys: EKeyService;

  beforeAll(async () => {
    orm = await openTestDatabase();
    ekeys = new EKeyService(orm.em);
  });
  afterAll(() => orm.close());

  it('CT-3: the warranty ends one year after purchase, also from 29 February', () => {
    expect(oneYearAfter('2026-03-15')).toBe('2027-03-15');
    expect(oneYearAfter('2028-02-29')).toBe('2029-02-28');
  });

  it('CT-3 RA-8: a fault within the warranty year is replaced free, a later one is not', async () => {
    await ekeys.register({ serialNumber: 'EK-0001', model: 'ePass3003', purchasedOn: '2026-03-15' });
    expect(await ekeys.freeReplacement('EK-0001', '2027-03-15')).toBe(true);
    expect(await ekeys.freeReplacement('EK-0001', '2027-03-16')).toBe(false);
  });

  it('CT-3: the fifth wrong PIN in a row locks the key; a right PIN in between resets the count', async () => {
    await ekeys.register({ serialNumber: 'EK-0002', model: 'ePass3003', purchasedOn: '2026-01-01' });
    await ekeys.recordPinFailure('EK-0002');
    await ekeys.recordPinFailure('EK-0002');
    await ekeys.recordPinSuccess('EK-0002');
    const outcomes = [];
    for (let i = 0; i < maxPinFailures; i++) outcomes.push(await ekeys.recordPinFailure('EK-0002'));
    expect(outcomes.map((o) => o.remainingAttempts)).toEqual([4, 3, 2, 1, 0]);
    expect(outcomes.map((o) => o.locked)).toEqual([false, false, false, false, true]);
    await expect(ekeys.recordPinSuccess('EK-0002')).rejects.toMatchObject({ code: 'EKEY_LOCKED' });
  });

  it('CT-3: 20 wrong PINs reported at once are counted one by one: exactly 5, then the key is locked', async () => {
    await ekeys.register({ serialNumber: 'EK-0004', model: 'ePass3003', purchasedOn: '2026-01-01' });
    const reports = await Promise.allSettled(Array.from({ length: 20 }, () => ekeys.recordPinFailure('EK-0004')));
    const counted = reports.flatMap((r) => (r.status === 'fulfilled' ? [r.value.remainingAttempts] : []));
    expect(counted.sort()).toEqual([0, 1, 2, 3, 4]);
    expect(reports.filter((r) => r.status === 'rejected' && r.reason.code === 'EKEY_LOCKED')).toHaveLength(15);
    expect(await ekeys.bySerial('EK-0004')).toMatchObject({ pinFailures: maxPinFailures, lockedAt: expect.any(Date) });
  });

  it('RA-6: only an RA unlock application unlocks, and only a locked key', async () => {
    await ekeys.register({ serialNumber: 'EK-0003', model: 'ePass3003', purchasedOn: '2026-01-01' });
    await expect(ekeys.unlock('EK-0003', 'UNLOCK-1')).rejects.toMatchObject({ code: 'EKEY_NOT_LOCKED' });
    for (let i = 0; i < maxPinFailures; i++) await ekeys.recordPinFailure('EK-0003');
    await expect(ekeys.unlock('EK-0003', ' ')).rejects.toMatchObject({ code: 'EKEY_UNLOCK_APPLICATION_REQUIRED' });
    const unlocked = await ekeys.unlock('EK-0003', 'UNLOCK-2');
    expect(unlocked).toMatchObject({ lockedAt: null, pinFailures: 0, lastUnlockApplication: 'UNLOCK-2' });
    await expect(ekeys.recordPinSuccess('EK-0003')).resolves.toEqual({ locked: false, remainingAttempts: 5 });
  });
});
