import type { CertificateAuthority } from './certificate-authority-client';

/**
 * The certificate subgraph as this process reaches it, set at start when the RA has service
 * credentials (index.ts). Absent, steps that must ask the certificate subgraph answer
 * SERVICE_UNAVAILABLE.
 */
export const certificateAuthorityRuntime: { authority?: CertificateAuthority } = {};
