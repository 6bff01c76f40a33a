import { ClockCircleOutlined, WarningOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TPointStatus, TPointSummary, TQueueStatus } from './api.ts';
import { QUEUE_COLOURS, STATUS_COLOURS } from './labels.ts';

export function PointStatusTag({ status, testId = 'point-status' }: { status: TPointStatus; testId?: string }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOURS[status]} data-testid={testId} data-status={status}>{t(`points.statuses.${status}`)}</Tag>;
}

/** 排队<25分钟 … 暂停采样, or a grey "not reported". */
export function QueueTag({ status, testId = 'point-queue' }: { status: TQueueStatus | null; testId?: string }) {
  const { t } = useTranslation();
  if (!status) return <Tag data-testid={testId} data-queue="none">{t('points.queue.none')}</Tag>;
  return <Tag color={QUEUE_COLOURS[status]} icon={<ClockCircleOutlined />} data-testid={testId} data-queue={status}>{t(`points.queues.${status}`)}</Tag>;
}

/** A red tag when no one is point chief (a weak point), else the chief's name. */
export function ChiefCell({ chief }: { chief: string | null }) {
  const { t } = useTranslation();
  if (!chief) return <Tag color="red" icon={<WarningOutlined />} data-testid="no-chief">{t('points.noChief')}</Tag>;
  return <span data-testid="point-chief">{chief}</span>;
}

/** This shift's team as present of required ("14/14"), orange with a warning when a role is short. */
export function TeamTag({ point }: { point: Pick<TPointSummary, 'teamPresent' | 'teamRequired' | 'teamComplete'> }) {
  const { t } = useTranslation();
  const figures = `${point.teamPresent}/${point.teamRequired}`;
  if (point.teamComplete) return <Tag color="green" className="mono" data-testid="point-team" data-complete="true">{figures}</Tag>;
  return (
    <Tag color="orange" icon={<WarningOutlined />} data-testid="point-team" data-complete="false">
      {t('points.team.incompleteShort', { figures })}
    </Tag>
  );
}
