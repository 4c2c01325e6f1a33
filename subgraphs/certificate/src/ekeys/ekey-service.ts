import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CertificateError } from '../errors';
import { EKey, type EKeyAlgorithm, ekeyAlgorithms } from './ekey.entity';

/** CT-3: the EKey locks after this many wrong PINs in a row. */
export const maxPinFailures = 5;

export interface EKeyRegistration {
  serialNumber: string;
  model: string;
  /** What the medium supports; RSA and ECC when not given. */
  algorithms?: EKeyAlgorithm[];
  /** Calendar date of purchase, `YYYY-MM-DD`. */
  purchasedOn: string;
  holderUserId?: string;
}

export interface PinOutcome {
  locked: boolean;
  remainingAttempts: number;
}

/** Records of EKey media: warranty (CT-3, RA-8), PIN failures and lock (CT-3), unlock by the RA (RA-6). */
export class EKeyService {
  private readonly clock: () => Date;

  constructor(
    private readonly em: EntityManager,
    clock?: () => Date,
  ) {
    this.clock = clock ?? (() => new Date());
  }

  /** A medium handed out at issuance; a serial is registered once. */
  async register(registration: EKeyRegistration): Promise<EKey> {
    const em = this.em.fork();
    const ekey = em.create(EKey, {
      ...registration,
      // Kept in one order, whatever order the clerk ticked them in.
      algorithms: ekeyAlgorithms.filter((algorithm) => (registration.algorithms ?? ['rsa', 'ecc']).includes(algorithm)),
      warrantyEndsOn: oneYearAfter(registration.purchasedOn),
    });
    try {
      await em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw new CertificateError('EKEY_ALREADY_REGISTERED', { serialNumber: registration.serialNumber });
      }
      throw error;
    }
    return ekey;
  }

  async bySerial(serialNumber: string): Promise<EKey> {
    const ekey = await this.em.fork().findOne(EKey, { serialNumber });
    if (!ekey) throw new CertificateError('EKEY_NOT_FOUND', { serialNumber });
    return ekey;
  }

  /** The media a person holds, newest first. */
  ofHolder(holderUserId: string): Promise<EKey[]> {
    return this.em.fork().find(EKey, { holderUserId }, { orderBy: { createdAt: 'desc', id: 'asc' } });
  }

  /** A wrong PIN: counted, and the fifth in a row locks the key. */
  recordPinFailure(serialNumber: string): Promise<PinOutcome> {
    return this.update(serialNumber, (ekey) => {
      if (ekey.lockedAt) throw new CertificateError('EKEY_LOCKED', { serialNumber });
      ekey.pinFailures += 1;
      if (ekey.pinFailures >= maxPinFailures) ekey.lockedAt = this.clock();
      return { locked: Boolean(ekey.lockedAt), remainingAttempts: Math.max(maxPinFailures - ekey.pinFailures, 0) };
    });
  }

  /** A right PIN resets the count, unless the key is already locked. */
  recordPinSuccess(serialNumber: string): Promise<PinOutcome> {
    return this.update(serialNumber, (ekey) => {
      if (ekey.lockedAt) throw new CertificateError('EKEY_LOCKED', { serialNumber });
      ekey.pinFailures = 0;
      return { locked: false, remainingAttempts: maxPinFailures };
    });
  }

  /**
   * RA-6: only an approved RA unlock application unlocks a locked key. The RA may repeat the call
   * (its outbox delivers at least once): a repeat for the application that unlocked the key is answered
   * with the key as it is.
   */
  unlock(serialNumber: string, unlockApplication: string): Promise<EKey> {
    return this.update(serialNumber, (ekey) => {
      if (!unlockApplication.trim()) throw new CertificateError('EKEY_UNLOCK_APPLICATION_REQUIRED', { serialNumber });
      if (!ekey.lockedAt && ekey.lastUnlockApplication === unlockApplication) return ekey;
      if (!ekey.lockedAt) throw new CertificateError('EKEY_NOT_LOCKED', { serialNumber });
      ekey.lockedAt = null;
      ekey.pinFailures = 0;
      ekey.lastUnlockApplication = unlockApplication;
      return ekey;
    });
  }

  /** CT-3, RA-8: a non-man-made fault on or before the warranty end is replaced free. */
  async freeReplacement(serialNumber: string, faultOn: string): Promise<boolean> {
    const ekey = await this.bySerial(serialNumber);
    return faultOn >= ekey.purchasedOn && faultOn <= ekey.warrantyEndsOn;
  }

  private update<T>(serialNumber: string, change: (ekey: EKey) => T): Promise<T> {
    return this.em.fork().transactional(async (em) => {
      const ekey = await em.findOne(EKey, { serialNumber }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!ekey) throw new CertificateError('EKEY_NOT_FOUND', { serialNumber });
      return change(ekey);
    });
  }
}

/** `YYYY-MM-DD` one year later; 29 February maps to 28 February of a common year. */
export function oneYearAfter(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(year + 1, month - 1, day));
  if (next.getUTCMonth() !== month - 1) next.setUTCDate(0);
  return next.toISOString().slice(0, 10);
}
