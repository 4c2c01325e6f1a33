import { parentPort, workerData } from 'node:worker_threads';
import { measureRate, type Rate, type RateSettings } from './rate';
import { SignIns, type SignInTarget } from './sign-in-flows';

/** What the SSO benchmark asks of its client thread: one measured round of one kind of sign-in. */
export interface ClientRequest {
  kind: 'sso' | 'plain';
  settings: RateSettings;
}

export type ClientAnswer = { rate: Rate } | { error: string };

/**
 * The SSO benchmark's client, in a worker thread (as autocannon runs for the other benchmarks):
 * the browsers and business systems it plays do not share the event loop of the platform it measures.
 */
const signIns = new SignIns(workerData as SignInTarget);
parentPort?.on('message', (request: ClientRequest) => {
  measureRate(() => signIns[request.kind](), request.settings).then(
    (rate) => parentPort?.postMessage({ rate } satisfies ClientAnswer),
    (error: unknown) => parentPort?.postMessage({ error: String(error) } satisfies ClientAnswer),
  );
});
