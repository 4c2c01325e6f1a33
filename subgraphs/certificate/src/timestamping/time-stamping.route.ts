import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { rejection, type TimeStampAuthority, timeStampReplyType } from './time-stamp-authority';

/** The largest TimeStampReq read: one with a SHA-512 imprint, a nonce and a policy is far below 1 KiB. */
export const maxTimeStampQueryBytes = 4096;

/**
 * RFC 3161 §3.4 over HTTP: `POST /pki/tsa` with a DER TimeStampReq, answered with a DER TimeStampResp (a
 * rejection with its failInfo for a bad request, 413 for one too large, 415 for another content type);
 * `GET /pki/tsa/tsa.crt`, the current TSA certificate, and `GET /pki/tsa/issuers.pem`, the issuing CAs that
 * certify TSA certificates (what a verifier trusts, `openssl ts -verify -CAfile`).
 */
export function mountTimeStamping(routes: Router, tsa: TimeStampAuthority): void {
  const reply = (res: Response, answer: { der: Buffer; httpStatus: number }) =>
    res.status(answer.httpStatus).type(timeStampReplyType).set('Cache-Control', 'no-store').send(answer.der);
  routes.post(
    '/pki/tsa',
    express.raw({ type: () => true, limit: maxTimeStampQueryBytes }),
    async (req: Request, res: Response, next: NextFunction) => {
      try {
        reply(res, await tsa.respond(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0), req.get('content-type')));
      } catch (error) {
        next(error);
      }
    },
  );
  // A body over the limit (or unreadable) is a rejection too, never a server error.
  routes.use(
    '/pki/tsa',
    (error: { type?: string; status?: number }, _req: Request, res: Response, next: NextFunction) => {
      if (error.type === 'entity.too.large') {
        reply(res, rejection('badRequest', `a request has at most ${maxTimeStampQueryBytes} bytes`, 413));
      } else if (error.status && error.status < 500) {
        reply(res, rejection('badRequest', 'the request body cannot be read', 400));
      } else next(error);
    },
  );
  routes.get('/pki/tsa/tsa.crt', async (_req, res, next) => {
    try {
      if (!tsa.offered) {
        res.sendStatus(404);
        return;
      }
      res
        .type('application/pkix-cert')
        .set('Cache-Control', 'public, max-age=3600')
        .send(await tsa.certificate());
    } catch (error) {
      next(error);
    }
  });
  routes.get('/pki/tsa/issuers.pem', async (_req, res, next) => {
    try {
      const pem = (await tsa.issuers()).map(
        (der) =>
          `-----BEGIN CERTIFICATE-----\n${der
            .toString('base64')
            .replace(/.{64}/g, '$&\n')
            .replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`,
      );
      res.type('application/x-pem-file').set('Cache-Control', 'public, max-age=3600').send(pem.join(''));
    } catch (error) {
      next(error);
    }
  });
}
