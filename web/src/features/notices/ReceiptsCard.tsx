import { useState, type HTMLAttributes } from 'react';
import { BellOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Row, Segmented, Skeleton, Statistic, Table, Tag, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatCount, formatDateTime } from '../../app/format.ts';
import { useIsPhone, useTableSize } from '../../app/useIsPhone.ts';
import { useReceipts, useRemindNotice, type TReceipt } from './api.ts';
import { receiptState, roleColour } from './labels.ts';
import { NoticeStateTag } from './NoticeStateTag.tsx';
import { ReceiptProgress } from './ReceiptProgress.tsx';

type Filter = 'all' | 'unread' | 'unacknowledged';

const FILTERS: Record<Filter, (r: TReceipt) => boolean> = {
  all: () => true,
  unread: (r) => !r.readAt,
  unacknowledged: (r) => !r.acknowledgedAt,
};

function RemindAction({ noticeId, pending, onReminded }: { noticeId: number; pending: number; onReminded: (n: number) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const remind = useRemindNotice();
  return (
    <Button
      icon={<BellOutlined />}
      data-testid="remind"
      disabled={pending === 0}
      loading={remind.isPending}
      onClick={() =>
        remind
          .mutateAsync(noticeId)
          .then(({ reminded }) => {
            onReminded(reminded);
            void message.success(t('notices.receipts.reminded', { count: reminded }));
          })
          .catch((err: unknown) => void message.error(err instanceof ApiError ? err.message : t('errors.network')))
      }
    >
      {t('notices.receipts.remind')}
    </Button>
  );
}

/** 回执: who has and has not read and acknowledged a notice, for the command, with a reminder for those who have not. */
export function ReceiptsCard({ noticeId }: { noticeId: number }) {
  const { t } = useTranslation();
  const receipts = useReceipts(noticeId);
  const isPhone = useIsPhone();
  const tableSize = useTableSize();
  const [filter, setFilter] = useState<Filter>('all');
  const [reminded, setReminded] = useState<number | null>(null);

  if (receipts.isError) return <ErrorAlert error={receipts.error} onRetry={() => void receipts.refetch()} />;
  if (!receipts.data) return <Card><Skeleton active /></Card>;
  const all = receipts.data.items;
  const read = all.filter((r) => r.readAt).length;
  const acknowledged = all.filter((r) => r.acknowledgedAt).length;
  const shown = all.filter(FILTERS[filter]);

  const who = (r: TReceipt) => (
    <span className="receipt-who">
      <span className="holder-name">{r.displayName}</span>
      <span className="muted mono">{r.username}</span>
      <Tag color={roleColour(r.role)}>{t(`roles.${r.role}`)}</Tag>
    </span>
  );
  const when = (at: string | null, missing: string) => (at ? <span className="mono">{formatDateTime(at)}</span> : <span className="muted">{missing}</span>);
  const reminders = (r: TReceipt) => (r.remindedCount > 0 ? <Tag color="warning">{t('notices.remindedTimes', { count: r.remindedCount })}</Tag> : null);

  const columns: TableColumnsType<TReceipt> = isPhone
    ? [
        {
          key: 'receipt',
          title: t('notices.receipts.recipient'),
          render: (_, r) => (
            <div className="notice-cell">
              {who(r)}
              <span className="notice-cell-meta">
                <NoticeStateTag state={receiptState(r)} />
                {reminders(r)}
                {r.acknowledgedAt && <span className="muted mono">{formatDateTime(r.acknowledgedAt)}</span>}
              </span>
            </div>
          ),
        },
      ]
    : [
        { key: 'who', title: t('notices.receipts.recipient'), render: (_, r) => who(r) },
        { key: 'state', title: t('notices.state'), render: (_, r) => <NoticeStateTag state={receiptState(r)} /> },
        { key: 'readAt', title: t('notices.receipts.readAt'), render: (_, r) => when(r.readAt, t('notices.states.unread')) },
        { key: 'acknowledgedAt', title: t('notices.receipts.acknowledgedAt'), render: (_, r) => when(r.acknowledgedAt, t('notices.receipts.notAcknowledged')) },
        { key: 'reminded', title: t('notices.receipts.reminders'), render: (_, r) => reminders(r) ?? <span className="muted">{t('common.none')}</span> },
      ];

  const stat = (testId: string, title: string, value: number) => (
    <Col xs={12} sm={6}>
      <Statistic title={title} value={value} formatter={(v) => formatCount(Number(v))} data-testid={testId} />
    </Col>
  );

  return (
    <Card size="small" title={t('notices.receipts.title')} data-testid="receipts" extra={<span className="muted">{t('notices.receipts.hint')}</span>}>
      <div className="receipts">
        <Row gutter={[12, 12]}>
          {stat('receipts-recipients', t('notices.recipients'), all.length)}
          {stat('receipts-read', t('notices.read'), read)}
          {stat('receipts-acknowledged', t('notices.acknowledged'), acknowledged)}
          {stat('receipts-unacknowledged', t('notices.receipts.notAcknowledged'), all.length - acknowledged)}
        </Row>
        <ReceiptProgress testId="receipts-progress" recipients={all.length} read={read} acknowledged={acknowledged} />
        <div className="receipts-toolbar">
          <Segmented<Filter>
            data-testid="receipts-filter"
            value={filter}
            onChange={setFilter}
            options={(['all', 'unread', 'unacknowledged'] as const).map((f) => ({
              value: f,
              label: <span data-testid={`receipts-filter-${f}`}>{t(`notices.receipts.filters.${f}`, { count: all.filter(FILTERS[f]).length })}</span>,
            }))}
          />
          <RemindAction noticeId={noticeId} pending={all.length - acknowledged} onReminded={setReminded} />
        </div>
        {reminded !== null && <Alert type="success" showIcon closable={{ onClose: () => setReminded(null) }} data-testid="remind-result" title={t('notices.receipts.reminded', { count: reminded })} />}
        <Table<TReceipt>
          data-testid="receipts-table"
          rowKey="userId"
          size={tableSize}
          columns={columns}
          dataSource={shown}
          scroll={isPhone ? undefined : { x: 'max-content' }}
          pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: t('notices.receipts.empty') }}
          onRow={(r) => ({ 'data-testid': `receipt-row-${r.username}`, 'data-state': receiptState(r) }) as HTMLAttributes<HTMLElement>}
        />
      </div>
    </Card>
  );
}
