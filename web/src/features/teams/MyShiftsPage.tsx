import { ClockCircleOutlined, EnvironmentOutlined, LoginOutlined, LogoutOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Skeleton, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatDateTime } from '../../app/format.ts';
import { PageTitle } from '../../app/PageTitle.tsx';
import { useMyShifts, useSignInOut, type TMyShifts } from './api.ts';
import { formatHours } from './TeamTags.tsx';

type MyShift = TMyShifts['items'][number];

function ShiftCard({ shift }: { shift: MyShift }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const act = useSignInOut();
  const status = shift.signedOutAt ? 'out' : shift.signedInAt ? 'in' : 'waiting';
  const run = (action: 'sign-in' | 'sign-out') =>
    act
      .mutateAsync({ shiftId: shift.id, action })
      .then(() => void message.success(t(action === 'sign-in' ? 'teams.my.signedIn' : 'teams.my.signedOut', { post: shift.postName })))
      .catch((err: unknown) => void message.error(err instanceof ApiError ? err.message : t('errors.network')));
  return (
    <Card size="small" className="my-shift" data-testid={`my-shift-${shift.id}`} data-status={status}>
      <div className="my-shift-post"><EnvironmentOutlined /> {shift.postName}</div>
      <div className="muted">{t(`teams.postTypes.${shift.postType}`)} · {shift.teamName}</div>
      <div className="muted"><ClockCircleOutlined /> {formatDateTime(shift.startsAt)} – {formatDateTime(shift.endsAt)}</div>
      <div className="tags">
        <Tag color={{ in: 'green', out: 'default', waiting: 'orange' }[status]} data-testid="my-shift-status">{t(`teams.shifts.status.${status}`)}</Tag>
        {shift.signedInAt && <span className="muted">{t('teams.my.since', { at: formatDateTime(shift.signedInAt) })}</span>}
      </div>
      {status === 'waiting' && (
        <Button type="primary" size="large" block icon={<LoginOutlined />} loading={act.isPending} onClick={() => void run('sign-in')} data-testid={`sign-in-${shift.id}`}>
          {t('teams.my.signIn')}
        </Button>
      )}
      {status === 'in' && (
        <Button danger size="large" block icon={<LogoutOutlined />} loading={act.isPending} onClick={() => void run('sign-out')} data-testid={`sign-out-${shift.id}`}>
          {t('teams.my.signOut')}
        </Button>
      )}
    </Card>
  );
}

/** 我的班次: the volunteer's phone page — sign in and out with one big button, and the hours so far. */
export default function MyShiftsPage() {
  const { t } = useTranslation();
  const query = useMyShifts();
  const data = query.data;
  return (
    <div className="page my-shifts" data-testid="my-shifts">
      <PageTitle>{t('teams.my.title')}</PageTitle>
      {query.isError && <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />}
      {!data && !query.isError && <Card><Skeleton active /></Card>}
      {data && !data.linked && <Card><Empty description={t('teams.my.notLinked')} /></Card>}
      {data?.linked && (
        <>
          <div className="my-hours" data-testid="my-hours">{t('teams.my.hours', { hours: formatHours(data.hours) })}</div>
          {data.items.length === 0 && <Card><Empty description={t('teams.my.empty')} /></Card>}
          {data.items.map((s) => <ShiftCard key={s.id} shift={s} />)}
        </>
      )}
    </div>
  );
}
