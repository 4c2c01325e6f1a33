import type { Router } from 'express';
import type { CaHierarchy } from './ca-hierarchy';

/** Publishes each CA certificate (DER) at the caIssuers URL written into the certificates it signs, retired ones too. */
export function mountCaCertificates(routes: Router, hierarchy: CaHierarchy): void {
  routes.get('/pki/ca/:file', async (req, res, next) => {
    try {
      const name = /^([a-z0-9-]+)\.crt$/.exec(req.params.file)?.[1];
      const authority = name ? await hierarchy.authority(name) : null;
      if (!authority) {
        res.sendStatus(404);
        return;
      }
      res
        .type('application/pkix-cert')
        .set('Cache-Control', 'public, max-age=86400')
        .send(authority.entity.certificateDer);
    } catch (error) {
      next(error);
    }
  });
}
