import 'reflect-metadata';
import { ClientRateLimiter, JobRun, RateLimitCounter, type SubgraphModule } from '@tessera/kit';
import { CertificateAuthority } from './authority/certificate-authority.entity';
import { DelegatedCertificate } from './authority/delegated-certificate.entity';
import {
  keyBackendOf,
  keyBackendSettings,
  kmcKeyEncryptionKey,
  kmcPreviousKeyEncryptionKeys,
  pkiOptions,
} from './certificate-options';
import { type CertificateServices, registerServices } from './certificate-services';
import { Certificate } from './certificates/certificate.entity';
import { Crl } from './crl/crl.entity';
import { EKey } from './ekeys/ekey.entity';
import { Enrollment } from './enrollment/enrollment.entity';
import { certificateJobs } from './jobs/scheduled-jobs';
import { SealedKey } from './keys/software/sealed-key.entity';
import { KeyEscrow } from './kmc/key-escrow.entity';
import { KeyEscrowEvent } from './kmc/key-escrow-event.entity';
import { KeyRecovery } from './kmc/key-recovery.entity';
import { CertificateMetrics } from './metrics/certificate-metrics';
import { migrations } from './migrations';
import { OcspResponder } from './ocsp/ocsp-responder.entity';
import { createPki } from './pki';
import { RevocationEvent } from './revocation/revocation-event.entity';
import { certificateSchema } from './schema';
import { SignInCertificateCheck } from './sign-in-certificates/sign-in-certificate-check';
import { SignatureVerification } from './signatures/signature-verification.entity';
import { TsaCertificate } from './timestamping/tsa-certificate.entity';

export { verifyCertificateRequest } from './authority/certificate-request';
export type { CertificateServices } from './certificate-services';
export { Certificate } from './certificates/certificate.entity';
export { subjectAttributeSql } from './certificates/subject-names';
export { demoCertificateOrganization, seedDemoCertificates } from './demo/demo-certificates';
export { createKeyBackend } from './keys/key-backend-settings';
export { readPublicKey } from './keys/public-key';
export { verifySignature, verifySigned } from './keys/signature-verification';
export { createPki, type Pki } from './pki';
export { readSignatureInput } from './signatures/signature-input';
export { seedDemoCertificateFigures } from './statistics/demo-figures';
export { softHsmAvailable, softHsmToken } from './testing/softhsm-token';

/** The certificate subgraph: the CA, certificates, revocation and status (rules CT-1..CT-6). */
export const certificate: SubgraphModule<CertificateServices> = {
  name: 'certificate',
  entities: [
    Certificate,
    CertificateAuthority,
    DelegatedCertificate,
    OcspResponder,
    TsaCertificate,
    Crl,
    RevocationEvent,
    SealedKey,
    Enrollment,
    EKey,
    KeyEscrow,
    KeyRecovery,
    KeyEscrowEvent,
    JobRun,
    RateLimitCounter,
    SignatureVerification,
  ],
  migrations,
  schema: certificateSchema,
  checkConfig(config) {
    keyBackendSettings(config);
    pkiOptions(config);
  },
  async setup({ orm, config, log, routes, metrics }) {
    const backend = keyBackendOf(orm.em, config);
    const onError = (error: unknown) => log.error({ err: error }, 'certificate background work failed');
    const pki = createPki(orm.em, backend, {
      ...pkiOptions(config),
      // A token keeps the KMC's key itself: no configured or generated file is read then.
      kmcKeyEncryptionKey: backend.keyEncryption ? undefined : kmcKeyEncryptionKey(config),
      kmcPreviousKeyEncryptionKeys: kmcPreviousKeyEncryptionKeys(config),
      metrics: new CertificateMetrics(metrics.registry, orm.em),
      onError,
    });
    try {
      await pki.start();
    } catch (error) {
      await backend.close();
      throw error;
    }
    pki.mount(routes);
    const replicas = await pki.followReplicas();
    const statusQueries = new ClientRateLimiter(orm, {
      name: 'certificate-status',
      ...config.certificate.statusRateLimit,
      code: 'CERTIFICATE_STATUS_RATE_LIMITED',
    });
    const signInCertificates = new SignInCertificateCheck(orm.em, pki.hierarchy);
    registerServices(orm, { pki, statusQueries, signInCertificates });
    return {
      services: { pki, statusQueries, signInCertificates },
      jobs: certificateJobs(pki),
      firstRequests: pki.firstRequests,
      async close() {
        await pki.issuer.idle();
        await pki.signatures.idle();
        await pki.crls.idle();
        await replicas.close();
        await backend.close();
      },
    };
  },
};
