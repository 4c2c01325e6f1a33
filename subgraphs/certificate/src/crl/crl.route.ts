import type { Router } from 'express';
import type { CrlPublisher } from './crl-publisher';

/**
 * Serves each CA's current CRL (DER) at the distribution point written into its certificates, as long as
 * the CA publishes (a retired issuing CA until its last certificate expires).
 */
export function mountCrls(routes: Router, crls: CrlPublisher, publishes: (name: string) => Promise<boolean>): void {
  routes.get('/pki/crl/:file', async (req, res, next) => {
    try {
      const name = /^([a-z0-9-]+)\.crl$/.exec(req.params.file)?.[1];
      if (!name || !(await publishes(name))) {
        res.sendStatus(404);
        return;
      }
      const crl = await crls.current(name);
      res
        .type('application/pkix-crl')
        .set('Last-Modified', crl.thisUpdate.toUTCString())
        .set('Expires', crl.nextUpdate.toUTCString())
        .send(crl.der);
    } catch (error) {
      next(error);
    }
  });
}
