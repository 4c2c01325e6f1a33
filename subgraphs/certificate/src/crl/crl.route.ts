import type { Router } from 'express';
import type { CrlPublisher } from './crl-publisher';

/** Serves each CA's current CRL (DER) at the distribution point written into its certificates. */
export function mountCrls(routes: Router, crls: CrlPublisher, authorityNames: () => Promise<string[]>): void {
  routes.get('/pki/crl/:file', async (req, res, next) => {
    try {
      const name = /^([a-z]+)\.crl$/.exec(req.params.file)?.[1];
      if (!name || !(await authorityNames()).includes(name)) {
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
