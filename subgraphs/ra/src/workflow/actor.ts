import { isAuthenticated, type StaffRole, type Viewer } from '@tessera/kit';

/** Who performs a step: a staff member with roles, or a citizen applying online. */
export interface Actor {
  id: string;
  kind: 'staff' | 'citizen';
  roles: ReadonlySet<StaffRole>;
}

export function actorOf(viewer: Viewer): Actor | null {
  if (!isAuthenticated(viewer) || (viewer.kind !== 'staff' && viewer.kind !== 'citizen')) return null;
  return { id: viewer.subject, kind: viewer.kind, roles: viewer.roles };
}
