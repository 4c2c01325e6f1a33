import { DomainError, type Viewer } from '@tessera/kit';
import type { Actor } from './state-machine';

/** The caller as the customer-service workflows see it: staff by their roles, a citizen as `CITIZEN`. */
export function actorOf(viewer: Viewer): Actor {
  if (viewer.kind === 'staff') return { id: viewer.subject, roles: viewer.roles };
  if (viewer.kind === 'citizen') return { id: viewer.subject, roles: new Set(['CITIZEN']) };
  throw new DomainError('FORBIDDEN');
}
