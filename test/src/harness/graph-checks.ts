import type { GraphResponse } from './platform';

/** The answer's data, after checking that it carries no errors. */
export function ok<T>(response: GraphResponse<T>): T {
  expect(response.body.errors).toBeUndefined();
  return response.body.data as T;
}

/** The `extensions.code` of each error in an answer. */
export const errorCodes = (response: GraphResponse) => (response.body.errors ?? []).map((e) => e.extensions?.code);

/** Polls `read` every 100 ms until it gives a value (background work: the outbox, a CA call). */
export async function until<T>(read: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}
