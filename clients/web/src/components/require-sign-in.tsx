import { useSession } from '@tessera/ui';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';

/** Pages of a signed-in citizen: others go to sign-in first and come back afterwards. */
export function RequireSignIn({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (!session.signedIn()) return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  return children;
}
