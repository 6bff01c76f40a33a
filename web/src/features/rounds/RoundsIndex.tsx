import { Card, Skeleton } from 'antd';
import { Navigate } from 'react-router';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { useResponses } from '../responses/api.ts';

/**
 * The menu's "rounds" entry: rounds belong to a response, so this opens the rounds of the newest
 * response in progress, or the list of responses when none is.
 */
export default function RoundsIndex() {
  const responses = useResponses();
  if (responses.isError) return <div className="page"><ErrorAlert error={responses.error} onRetry={() => void responses.refetch()} /></div>;
  if (!responses.data) return <div className="page"><Card><Skeleton active /></Card></div>;
  const active = responses.data.items.filter((r) => r.status === 'active').sort((a, b) => b.startedOn.localeCompare(a.startedOn))[0];
  return <Navigate to={active ? `/responses/${active.id}/rounds` : '/responses'} replace />;
}
