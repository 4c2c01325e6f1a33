import type { MikroORM } from '@mikro-orm/postgresql';
import type { ClientRateLimiter, GraphContext } from '@tessera/kit';
import type { Pki } from './pki';
import type { SignInCertificateCheck } from './sign-in-certificates/sign-in-certificate-check';

/** The certificate subgraph's domain services, made once at start. */
export interface CertificateServices {
  pki: Pki;
  /** The public status query's budget per client address (CT-2). */
  statusQueries: ClientRateLimiter;
  /** Issue 15: the check of a certificate sign-in, for identity. */
  signInCertificates: SignInCertificateCheck;
}

/**
 * Services per ORM instance: the schema is built once per process while tests may run several
 * platforms in one process, so resolvers find theirs through the request's EntityManager.
 */
const byOrm = new WeakMap<object, CertificateServices>();

export function registerServices(orm: MikroORM, services: CertificateServices): void {
  byOrm.set(orm.config, services);
}

export function servicesOf(ctx: GraphContext): CertificateServices {
  const services = byOrm.get(ctx.em.config);
  if (!services) throw new Error('certificate services are not set up for this database');
  return services;
}
