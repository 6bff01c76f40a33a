import type { ReactNode } from 'react';
import { Spin } from 'antd';
import { Navigate, useLocation } from 'react-router';
import { useMe } from '../features/auth/api.ts';
import { ErrorAlert } from './ErrorAlert.tsx';

/** Renders its children for a signed-in user; sends everyone else to the login page and back afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Spin size="large" className="page-spin" />;
  if (me.isError) return <div className="center-page"><ErrorAlert error={me.error} onRetry={() => void me.refetch()} /></div>;
  if (!me.data) return <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}` }} />;
  return children;
}

/** A page only some roles may open: others land on the region browser. */
export function RequireImport({ children }: { children: ReactNode }) {
  const me = useMe();
  if (!me.data?.mayImport) return <Navigate to="/regions" replace />;
  return children;
}
