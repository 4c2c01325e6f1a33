import express, { type Router } from 'express';
import type { OcspResponderService } from './ocsp-responder-service';

/** RFC 6960 appendix A: POST with the DER request as body, or GET with it base64 in the path. */
export function mountOcsp(routes: Router, responder: OcspResponderService): void {
  const answer = async (request: Buffer, res: express.Response) => {
    res.type('application/ocsp-response').send(await responder.respond(request));
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
