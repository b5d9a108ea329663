import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { changePasswordPath, paths } from '../../app/paths';
import { useSession } from './session';

/**
 * While the signed-in user must change a password set by someone else, the server refuses every
 * other call: every page but the change-password page sends them there (and back afterwards).
 */
export function PasswordChangeGate({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.data?.mustChangePassword && location.pathname !== paths.changePassword) {
    const here =
      location.pathname === paths.login ? undefined : location.pathname + location.search;
    return <Navigate to={changePasswordPath(here)} replace />;
  }
  return <>{children}</>;
}
