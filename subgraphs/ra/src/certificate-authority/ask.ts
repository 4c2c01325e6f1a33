import { DomainError } from '@tessera/kit';

/**
 * A call the RA makes to the certificate subgraph while serving a clerk (not through the outbox):
 * when the certificate subgraph cannot be reached or does not answer as it should, the clerk gets
 * SERVICE_UNAVAILABLE (try again shortly), not a masked internal error.
 */
export async function askCertificateAuthority<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new DomainError('SERVICE_UNAVAILABLE');
  }
}
