import { useState } from 'react';
import { ClockCircleOutlined, EnvironmentOutlined, SwapRightOutlined, TeamOutlined } from '@ant-design/icons';
import { Card, Empty, Input, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatDateTime } from '../../app/format.ts';
import { PublicPage } from '../../app/PublicPage.tsx';
import { usePublicPoints, type TPublicPoint } from './api.ts';
import { QUEUE_COLOURS } from './labels.ts';

/** The badge a resident decides by: how long the queue is, or that sampling rests here now. */
function QueueBadge({ point }: { point: TPublicPoint }) {
  const { t } = useTranslation();
  const queue = point.status === 'paused' ? 'resting' : point.queueStatus;
  if (!queue) return <Tag data-testid="public-queue" data-queue="none">{t('points.public.noQueue')}</Tag>;
  return <Tag color={QUEUE_COLOURS[queue]} icon={<ClockCircleOutlined />} data-testid="public-queue" data-queue={queue}>{t(`points.queues.${queue}`)}</Tag>;
}

function PublicPoint({ point }: { point: TPublicPoint }) {
  const { t } = useTranslation();
  return (
    <li className="public-point" data-testid={`public-point-${point.id}`} data-name={point.name}>
      <div className="public-point-head">
        <span className="public-point-name">{point.name}</span>
        {point.status === 'relocating' && <Tag color="purple" data-testid="public-relocating">{t('points.statuses.relocating')}</Tag>}
        <QueueBadge point={point} />
      </div>
      <div className="public-point-line">
        <EnvironmentOutlined />
        <span className="public-point-address" data-testid="public-address">{point.address}</span>
      </div>
      {point.movedFrom && (
        <div className="public-point-moved" data-testid="public-moved">
          <SwapRightOutlined />
          <span>{t('points.public.moved', { from: point.movedFrom, to: point.address })}</span>
        </div>
      )}
      <div className="public-point-line muted">
        <ClockCircleOutlined />
        <span data-testid="public-hours">{t('points.public.hours', { opens: point.opensAt, closes: point.closesAt })}</span>
      </div>
      <div className="public-point-line muted">
        <TeamOutlined />
        <span data-testid="public-serves">{t('points.public.serves', { areas: point.serves.join(t('common.listSeparator')) })}</span>
      </div>
    </li>
  );
}

/** Points grouped by town in the server's order (towns, then names), narrowed by what the resident typed. */
function byTown(items: TPublicPoint[], text: string): Array<[string, TPublicPoint[]]> {
  const term = text.trim().toLowerCase();
  const groups = new Map<string, TPublicPoint[]>();
  for (const p of items) {
    const haystack = [p.name, p.address, p.town, p.movedFrom ?? '', ...p.serves].join(' ').toLowerCase();
    if (term && !haystack.includes(term)) continue;
    groups.set(p.town, [...(groups.get(p.town) ?? []), p]);
  }
  return [...groups];
}

/**
 * 核酸采样点 for residents, without a login: every point open now, by town, with its address,
 * hours, whom it serves and its queue; a point that moved today says from where. Asked again each minute.
 */
export default function PublicPointsPage() {
  const { t } = useTranslation();
  const points = usePublicPoints();
  const [text, setText] = useState('');
  const data = points.data;
  const towns = data ? byTown(data.items, text) : [];

  return (
    <PublicPage title={t('points.public.title')} testId="public-points">
      <Typography.Paragraph type="secondary" className="no-margin">{t('points.public.intro')}</Typography.Paragraph>
      <div className="public-status">
        {data && <span data-testid="public-count">{t('points.public.count', { count: data.items.length })}</span>}
        {data && <span className="muted" data-testid="public-updated">{t('points.public.updated', { at: formatDateTime(data.updatedAt) })}</span>}
      </div>
      <Input.Search
        data-testid="public-search"
        allowClear
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={t('points.public.searchPlaceholder')}
        enterKeyHint="search"
      />
      {points.isError && <ErrorAlert error={points.error} onRetry={() => void points.refetch()} />}
      {!data && !points.isError && <Card><Skeleton active /></Card>}
      {data && towns.length === 0 && <Card><Empty description={t('points.public.empty')} /></Card>}
      {towns.map(([town, items]) => (
        <section key={town} className="public-town" data-testid="public-town" data-town={town}>
          <h2 className="public-town-name">{town} <span className="muted">{t('points.public.townCount', { count: items.length })}</span></h2>
          <ul className="public-points">
            {items.map((p) => <PublicPoint key={p.id} point={p} />)}
          </ul>
        </section>
      ))}
      <footer className="public-footer">
        <Link to="/login" data-testid="staff-login">{t('points.public.staffLogin')}</Link>
      </footer>
    </PublicPage>
  );
}
