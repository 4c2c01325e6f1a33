import 'reflect-metadata';
import type { SubgraphModule } from '@tessera/kit';
import { CertificateAuthority } from './authority/certificate-authority.entity';
import { keyBackendOf, pkiOptions } from './certificate-options';
import { type CertificateServices, registerServices } from './certificate-services';
import { Certificate } from './certificates/certificate.entity';
import { Crl } from './crl/crl.entity';
import { EKey } from './ekeys/ekey.entity';
import { Enrollment } from './enrollment/enrollment.entity';
import { SealedKey } from './keys/software/sealed-key.entity';
import { migrations } from './migrations';
import { OcspResponder } from './ocsp/ocsp-responder.entity';
import { createPki } from './pki';
import { RevocationEvent } from './revocation/revocation-event.entity';
import { certificateSchema } from './schema';

export type { CertificateServices } from './certificate-services';
export { Certificate } from './certificates/certificate.entity';
export type { Pki } from './pki';

/** How often the scheduled jobs run: hold release (RA-5) and CRL refresh before nextUpdate. */
const jobInterval = 15 * 60 * 1000;

/** The certificate subgraph: the CA, certificates, revocation and status (rules CT-1..CT-6). */
export const certificate: SubgraphModule<CertificateServices> = {
  name: 'certificate',
  entities: [Certificate, CertificateAuthority, OcspResponder, Crl, RevocationEvent, SealedKey, Enrollment, EKey],
  migrations,
  schema: certificateSchema,
  async setup({ orm, config, log, routes }) {
    const backend = keyBackendOf(orm.em, config);
    const pki = createPki(orm.em, backend, pkiOptions(config));
    await pki.start();
    pki.mount(routes);
    registerServices(orm, { pki });
    const onError = (error: unknown) => log.error({ err: error }, 'certificate job failed');
    pki.holdRelease.start(jobInterval, onError);
    const crlRefresh = setInterval(() => pki.crls.refreshDue().catch(onError), jobInterval);
    crlRefresh.unref();
    return {
      services: { pki },
      async close() {
        pki.holdRelease.stop();
        clearInterval(crlRefresh);
        await backend.close();
      },
    };
  },
};
