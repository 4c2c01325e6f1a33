import { isAuthenticated, type StaffRole, type Viewer } from '@tessera/kit';

/** Who performs a step: a staff member with roles, or a citizen applying online. */
export interface Actor {
  id: string;
  kind: 'staff' | 'citizen';
  roles: ReadonlySet<StaffRole>;
  /** A citizen whose identity the bank confirmed (ID-3): only they may apply online. */
  realNameVerified: boolean;
}

export function actorOf(viewer: Viewer): Actor | null {
  if (!isAuthenticated(viewer) || (viewer.kind !== 'staff' && viewer.kind !== 'citizen')) return null;
  return {
    id: viewer.subject,
    kind: viewer.kind,
    roles: viewer.roles,
    realNameVerified: viewer.realNameVerified === true,
  };
}
