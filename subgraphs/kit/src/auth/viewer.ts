import type { PrincipalKind, StaffRole } from './roles';

export interface AnonymousViewer {
  kind: 'anonymous';
}

export interface AuthenticatedViewer {
  kind: PrincipalKind;
  /** `sub` of the token: a user id, a staff id, a business-system client id or a service name. */
  subject: string;
  roles: ReadonlySet<StaffRole>;
  scopes: ReadonlySet<string>;
  /** Session (token family) id, so a revoked session can be recognised. */
  sessionId?: string;
  /** A citizen whose identity the bank confirmed (ID-3); false for everyone else. */
  realNameVerified?: boolean;
}

export type Viewer = AnonymousViewer | AuthenticatedViewer;

export const anonymous: AnonymousViewer = { kind: 'anonymous' };

export function isAuthenticated(viewer: Viewer): viewer is AuthenticatedViewer {
  return viewer.kind !== 'anonymous';
}

export function hasRole(viewer: Viewer, ...roles: StaffRole[]): boolean {
  return viewer.kind === 'staff' && roles.some((r) => viewer.roles.has(r));
}

export function hasScope(viewer: Viewer, scope: string): boolean {
  return isAuthenticated(viewer) && viewer.scopes.has(scope);
}
