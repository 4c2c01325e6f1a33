import { type certificateErrors, DomainError } from '@tessera/kit';

export type CertificateErrorCode = keyof typeof certificateErrors;

/** An expected failure of a certificate rule, with its catalogue code; `data` goes to `extensions`. */
export class CertificateError extends DomainError {
  constructor(code: CertificateErrorCode, data: Record<string, unknown> = {}) {
    super(code, data);
    this.name = 'CertificateError';
  }
}
