import type { EKey } from './ekey.entity';
import { type EKeyAlgorithmValue, EKeyType } from './ekey.type';

export function ekeyView(ekey: EKey): EKeyType {
  return Object.assign(new EKeyType(), {
    id: ekey.id,
    serialNumber: ekey.serialNumber,
    model: ekey.model,
    algorithms: ekey.algorithms as EKeyAlgorithmValue[],
    purchasedOn: ekey.purchasedOn,
    warrantyEndsOn: ekey.warrantyEndsOn,
    holderUserId: ekey.holderUserId ?? null,
    pinFailures: ekey.pinFailures,
    locked: Boolean(ekey.lockedAt),
    lockedAt: ekey.lockedAt ?? null,
    lastUnlockApplication: ekey.lastUnlockApplication ?? null,
    registeredAt: ekey.createdAt,
  });
}
