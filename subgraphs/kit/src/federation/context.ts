import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../auth/viewer';
import type { Locale } from '../config/config';
import type { Logger } from '../log/logger';
import type { Loaders } from './loaders';

/** The GraphQL context of one request in a subgraph. */
export interface GraphContext {
  requestId: string;
  locale: Locale;
  log: Logger;
  viewer: Viewer;
  /** The request's own EntityManager (forked from the global one). */
  em: EntityManager;
  loaders: Loaders;
  /** The caller's network address (forwarded by the gateway), for per-client limits such as SMS. */
  clientAddress?: string;
  /** The raw `Authorization` header, for service calls made on the caller's behalf. */
  authorization?: string;
}
