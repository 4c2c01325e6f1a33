/**
 * Progressive delay, then a temporary lock: after the n-th consecutive failure, the next
 * attempt waits `lockoutSeconds[n]` (the last entry for every later failure).
 */
export const lockoutSeconds: readonly number[] = [0, 0, 0, 5, 30, 900];

export function lockoutAfter(failures: number): number {
  return lockoutSeconds[Math.min(failures, lockoutSeconds.length - 1)] as number;
}
