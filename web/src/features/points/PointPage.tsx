import { useState, type ReactNode } from 'react';
import { CaretRightOutlined, EnvironmentOutlined, PauseOutlined, StopOutlined, SwapOutlined, ToolOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Popconfirm, Radio, Row, Skeleton, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatDateTime } from '../../app/format.ts';
import { NotFoundPage } from '../../app/NotFoundPage.tsx';
import { PageTitle } from '../../app/PageTitle.tsx';
import { useMayCommand } from '../auth/api.ts';
import { OnDutyPanel } from '../teams/OnDutyPanel.tsx';
import { usePoint, useReportQueue, useSetPointStatus, type TPoint, type TPointStatus, type TQueueStatus } from './api.ts';
import { QUEUES } from './labels.ts';
import { ChiefsCard, HistoryCard, SiteCard } from './PointCards.tsx';
import { PointStatusTag, QueueTag } from './PointTags.tsx';
import { PointTeam } from './PointTeam.tsx';
import { RelocateDialog } from './RelocateDialog.tsx';

const STEP_ICONS: Partial<Record<TPointStatus, ReactNode>> = {
  setting_up: <ToolOutlined />,
  open: <CaretRightOutlined />,
  paused: <PauseOutlined />,
};

/** The lifecycle's next steps (relocating goes through the relocation dialog, closing asks first). */
function LifecycleActions({ point, onRelocate }: { point: TPoint; onRelocate: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const setStatus = useSetPointStatus();
  const change = (status: TPointStatus) =>
    setStatus
      .mutateAsync({ id: point.id, status, expectedStatus: point.status })
      .then(() => void message.success(t('points.lifecycle.done', { name: point.name, status: t(`points.statuses.${status}`) })))
      .catch((err: unknown) => void message.error(err instanceof ApiError ? err.message : t('errors.network')));
  const steps = point.next.filter((s) => s !== 'relocating' && s !== 'closed');
  const pending = (s: TPointStatus) => setStatus.isPending && setStatus.variables?.status === s;

  return (
    <div className="point-actions" data-testid="point-lifecycle">
      {steps.map((s) => (
        <Button key={s} type={s === 'open' ? 'primary' : 'default'} icon={STEP_ICONS[s]} loading={pending(s)} data-testid={`status-to-${s}`} onClick={() => void change(s)}>
          {t(`points.lifecycle.to.${s}`)}
        </Button>
      ))}
      {point.status !== 'closed' && (
        <Button icon={<SwapOutlined />} data-testid="relocate" onClick={onRelocate}>{t('points.relocate.action')}</Button>
      )}
      {point.next.includes('closed') && (
        <Popconfirm
          title={t('points.lifecycle.closeTitle', { name: point.name })}
          description={<div className="confirm-note">{t('points.lifecycle.closeNote')}</div>}
          okText={t('points.lifecycle.closeOk')}
          okButtonProps={{ danger: true, loading: pending('closed') }}
          onConfirm={() => change('closed')}
        >
          <Button danger icon={<StopOutlined />} data-testid="status-to-closed">{t('points.lifecycle.to.closed')}</Button>
        </Popconfirm>
      )}
    </div>
  );
}

/** 上报排队情况: what residents see on the public page beside the point. */
function QueueReport({ point }: { point: TPoint }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const report = useReportQueue();
  const send = (status: TQueueStatus) =>
    report
      .mutateAsync({ id: point.id, status })
      .then(() => void message.success(t('points.queue.done', { queue: t(`points.queues.${status}`) })))
      .catch((err: unknown) => void message.error(err instanceof ApiError ? err.message : t('errors.network')));
  return (
    <div className="point-queue-report">
      <span className="muted">{t('points.queue.report')}</span>
      <Radio.Group
        data-testid="queue-report"
        optionType="button"
        buttonStyle="solid"
        value={point.queueStatus ?? undefined}
        disabled={report.isPending}
        onChange={(e) => void send(e.target.value as TQueueStatus)}
        options={QUEUES.map((q) => ({ value: q, label: <span data-testid={`queue-${q}`}>{t(`points.queues.${q}`)}</span> }))}
      />
      {point.queueReportedAt && <span className="muted">{t('points.queue.reportedAt', { at: formatDateTime(point.queueReportedAt) })}</span>}
    </div>
  );
}

function PointView({ id }: { id: number }) {
  const { t } = useTranslation();
  const mayCommand = useMayCommand();
  const query = usePoint(id);
  const [relocating, setRelocating] = useState(false);
  const point = query.data;

  if (query.isError) return <div className="page"><ErrorAlert error={query.error} onRetry={() => void query.refetch()} /></div>;
  if (!point) return <div className="page"><Card><Skeleton active /></Card></div>;
  const queueOpen = point.status === 'open' || point.status === 'paused';

  return (
    <div className="page" data-testid="point-page">
      <PageTitle>{point.name}</PageTitle>
      <div className="response-meta tags" data-testid="point-meta">
        <PointStatusTag status={point.status} />
        {queueOpen && <QueueTag status={point.queueStatus} />}
        <Link to={`/regions/${point.region.id}`}><Tag icon={<EnvironmentOutlined />}>{point.where}</Tag></Link>
        <Tag className="mono">{t('points.hours', { opens: point.opensAt, closes: point.closesAt })}</Tag>
        <Tag>{t('points.desks', { count: point.desks })}</Tag>
      </div>
      {point.mayRun && point.status !== 'closed' && (
        <Card size="small" title={t('points.lifecycle.title')} data-testid="point-run">
          <LifecycleActions point={point} onRelocate={() => setRelocating(true)} />
          {queueOpen && <QueueReport point={point} />}
        </Card>
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}><SiteCard point={point} /></Col>
        <Col xs={24} xl={12}><ChiefsCard point={point} mayCommand={mayCommand} /></Col>
      </Row>
      <PointTeam point={point} />
      <OnDutyPanel postType="point" postId={point.id} />
      <HistoryCard point={point} />
      {point.mayRun && <RelocateDialog point={point} open={relocating} onClose={() => setRelocating(false)} />}
    </div>
  );
}

/** 采样点: where it stands and stood, its chief, this shift's team, its lifecycle and queue. */
export default function PointPage() {
  const id = Number(useParams().id);
  // The key starts each point afresh: its own dialogs and query.
  return Number.isInteger(id) && id > 0 ? <PointView key={id} id={id} /> : <NotFoundPage />;
}
