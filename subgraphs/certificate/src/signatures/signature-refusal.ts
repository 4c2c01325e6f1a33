import type { CertificateErrorCode } from '../errors';

/**
 * Why a signature does not verify, or why the input cannot be verified at all: a catalogue code the
 * verification answers with as data (issue 15 item 3), never a GraphQL error.
 */
export class SignatureRefusal extends Error {
  constructor(
    readonly code: CertificateErrorCode,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = 'SignatureRefusal';
  }
}
