/**
 * Limits on sending (ID-9): per recipient (a phone, or for recovery what the client entered to
 * name an account) and per client address, in sliding windows over the requests admitted.
 */
export interface SmsRateLimits {
  /** Least time between two messages to one phone, in seconds. */
  phoneIntervalSeconds: number;
  phonePerDay: number;
  clientPerHour: number;
}

export const defaultSmsRateLimits: SmsRateLimits = { phoneIntervalSeconds: 60, phonePerDay: 10, clientPerHour: 30 };

export interface SendHistory {
  /** Times of the requests to this recipient in the last 24 hours. */
  recipient: readonly Date[];
  /** Times of the requests of this client in the last hour. */
  client: readonly Date[];
}

/** Seconds until the next message is allowed (0: now), from what was sent before. */
export function secondsUntilAllowed(limits: SmsRateLimits, history: SendHistory, now: Date): number {
  const at = now.getTime();
  const waits = [0];
  const latest = Math.max(0, ...history.recipient.map((d) => d.getTime()));
  waits.push(latest + limits.phoneIntervalSeconds * 1000 - at);
  if (history.recipient.length >= limits.phonePerDay) {
    const oldest = [...history.recipient].sort((a, b) => a.getTime() - b.getTime())[
      history.recipient.length - limits.phonePerDay
    ];
    waits.push((oldest as Date).getTime() + 86_400_000 - at);
  }
  if (history.client.length >= limits.clientPerHour) {
    const oldest = [...history.client].sort((a, b) => a.getTime() - b.getTime())[
      history.client.length - limits.clientPerHour
    ];
    waits.push((oldest as Date).getTime() + 3_600_000 - at);
  }
  return Math.max(0, Math.ceil(Math.max(...waits) / 1000));
}
