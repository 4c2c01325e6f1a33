import express, { type Router } from 'express';
import type { OcspAnswer, OcspAnswerStatus, OcspResponderService } from './ocsp-responder-service';

/**
 * RFC 5019 §6.2: an answer HTTP caches may keep until its nextUpdate, never longer; an answer to a
 * nonce or an unsuccessful one is not to be kept at all.
 */
export function ocspCacheControl(answer: OcspAnswer, now: Date): string {
  if (!answer.nextUpdate || answer.nonce) return 'no-store';
  const maxAge = Math.max(0, Math.floor((answer.nextUpdate.getTime() - now.getTime()) / 1000));
  return `max-age=${maxAge}, public, no-transform, must-revalidate`;
}

/** RFC 6960 appendix A: POST with the DER request as body, or GET with it base64 in the path. */
export function mountOcsp(
  routes: Router,
  responder: OcspResponderService,
  clock: () => Date = () => new Date(),
  onAnswer: (statuses: OcspAnswerStatus[]) => void = () => undefined,
): void {
  const answer = async (request: Buffer, res: express.Response) => {
    const ocsp = await responder.respond(request);
    onAnswer(ocsp.statuses);
    res.type('application/ocsp-response').set('Cache-Control', ocspCacheControl(ocsp, clock())).send(ocsp.der);
  };
  routes.post('/pki/ocsp', express.raw({ type: 'application/ocsp-request', limit: '16kb' }), async (req, res, next) => {
    try {
      await answer(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0), res);
    } catch (error) {
      next(error);
    }
  });
  routes.get('/pki/ocsp/*request', async (req, res, next) => {
    try {
      const segments = req.params.request as unknown as string[];
      await answer(Buffer.from(decodeURIComponent(segments.join('/')), 'base64'), res);
    } catch (error) {
      next(error);
    }
  });
}
