import { DomainError, timeStampQuery, timeStampTokenOf, verifyTimeStampToken } from '@tessera/kit';

/** What the RA asks of the certificate subgraph's time-stamping authority (issue 15 item 4). */
export interface TimeStamps {
  /** A verified RFC 3161 token over `digest` (a SHA-256 hash), carrying the TSA certificate. */
  stamp(digest: Buffer): Promise<Buffer>;
  /**
   * The issuing CA certificates (DER) TSA certificates are checked against, every generation; `fresh`: fetched
   * now, not from the copy of the last minutes (a verification, or after a rollover).
   */
  trustAnchors(fresh?: boolean): Promise<Buffer[]>;
}

/** How long the issuing CAs fetched from the PKI are used before they are fetched again. */
const trustAnchorsTtlMs = 5 * 60_000;

/**
 * The TSA at `<pkiUrl>/pki/tsa` over HTTP (RFC 3161 §3.4), and the issuing CAs it publishes at
 * `/pki/tsa/issuers.pem`. The trust comes from the certificate subgraph, never from the RA's own tables: a
 * token stored beside the log is worth only what that CA's signature on the TSA certificate is.
 */
export class HttpTimeStamps implements TimeStamps {
  private anchors?: { certificates: Buffer[]; fetchedAt: number };

  constructor(
    /** The certificate subgraph's origin (where it serves `/pki/...`). */
    private readonly pkiUrl: string,
    private readonly timeoutMs: number,
  ) {}

  async stamp(digest: Buffer): Promise<Buffer> {
    const query = timeStampQuery(digest);
    const reply = await this.fetch('/pki/tsa', {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body: new Uint8Array(query.der),
    });
    const token = timeStampTokenOf(reply);
    const check = async (fresh: boolean) =>
      verifyTimeStampToken(token, { digest, trustAnchors: await this.trustAnchors(fresh) });
    // A TSA certificate from an issuing CA newer than the copy of the trust anchors (a rollover): fetched again.
    const verified = await check(false).catch((error: unknown) => {
      if (error instanceof DomainError && error.code === 'TIMESTAMP_UNTRUSTED') return check(true);
      throw error;
    });
    if (verified.nonce !== query.nonce) {
      throw new DomainError('TIMESTAMP_INVALID', { problem: 'the nonce of the request is not in the token' });
    }
    return token;
  }

  async trustAnchors(fresh = false): Promise<Buffer[]> {
    if (!fresh && this.anchors && Date.now() - this.anchors.fetchedAt < trustAnchorsTtlMs) {
      return this.anchors.certificates;
    }
    const pem = (await this.fetch('/pki/tsa/issuers.pem', { method: 'GET' })).toString('utf8');
    const certificates = [...pem.matchAll(/-----BEGIN CERTIFICATE-----([^-]+)-----END CERTIFICATE-----/g)].map(
      (match) => Buffer.from((match[1] ?? '').replace(/\s+/g, ''), 'base64'),
    );
    if (certificates.length === 0) throw new DomainError('SERVICE_UNAVAILABLE');
    this.anchors = { certificates, fetchedAt: Date.now() };
    return certificates;
  }

  private async fetch(path: string, init: RequestInit): Promise<Buffer> {
    let response: Response;
    try {
      response = await fetch(`${this.pkiUrl.replace(/\/+$/, '')}${path}`, {
        ...init,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch {
      throw new DomainError('SERVICE_UNAVAILABLE');
    }
    // A rejection still comes as a reply (its status says why); anything else is no answer.
    if (!response.ok && response.headers.get('content-type') !== 'application/timestamp-reply') {
      throw new DomainError('SERVICE_UNAVAILABLE');
    }
    return Buffer.from(await response.arrayBuffer());
  }
}
