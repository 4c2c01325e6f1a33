import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The least time a recovery step takes to answer. The steps do more work when the entered data
 * names an account (reading its phone and questions, queueing the message); answering no sooner
 * than this hides the difference (ID-13, ID-14), so timing tells no more than the answers do.
 */
export const recoveryAnswerMs = 150;

/** Runs `work`, then answers with its result or its error no sooner than `floorMs` after the start. */
export async function answerNoSoonerThan<T>(floorMs: number, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const settled = await work().then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const left = floorMs - (performance.now() - started);
  if (left > 0) await sleep(left);
  if (!settled.ok) throw settled.error;
  return settled.value;
}
