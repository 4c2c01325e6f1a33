import type { RevocationPointers } from '../lint/certificate-lints';

/** Where the CA publishes: CA certificates, CRLs and the OCSP responder, under one base URL. */
export class PkiUrls {
  constructor(private readonly baseUrl: string) {}

  certificate(authorityName: string): string {
    return `${this.base()}/pki/ca/${authorityName}.crt`;
  }

  crl(authorityName: string): string {
    return `${this.base()}/pki/crl/${authorityName}.crl`;
  }

  ocsp(): string {
    return `${this.base()}/pki/ocsp`;
  }

  /** Pointers written into certificates the CA `authorityName` signs; OCSP only where a responder answers. */
  pointersFor(authorityName: string, withOcsp: boolean): RevocationPointers {
    return {
      crlUrl: this.crl(authorityName),
      caIssuersUrl: this.certificate(authorityName),
      ocspUrl: withOcsp ? this.ocsp() : undefined,
    };
  }

  private base(): string {
    return this.baseUrl.replace(/\/+$/, '');
  }
}
