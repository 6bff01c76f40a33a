import type { HTMLAttributes } from 'react';
import { Table, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { formatCount, formatDateTime } from '../../app/format.ts';
import { useIsPhone, useTableSize } from '../../app/useIsPhone.ts';
import type { TSentNotice } from './api.ts';
import { ReceiptProgress } from './ReceiptProgress.tsx';

/** Notices sent by the command, newest first, with how many have read and acknowledged each. */
export function SentTable({ items, loading }: { items: TSentNotice[]; loading: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const tableSize = useTableSize();

  const title = (n: TSentNotice) => <Link to={`/notices/${n.id}`} onClick={(e) => e.stopPropagation()}>{n.title}</Link>;
  const counts = (n: TSentNotice) => (
    <span className="muted sent-counts">
      <span>{t('notices.recipients')} <strong data-testid="sent-recipients">{formatCount(n.recipients)}</strong></span>
      <span>{t('notices.read')} <strong data-testid="sent-read">{formatCount(n.read)}</strong></span>
      <span>{t('notices.acknowledged')} <strong data-testid="sent-acknowledged">{formatCount(n.acknowledged)}</strong></span>
    </span>
  );
  const progress = (n: TSentNotice) => <ReceiptProgress recipients={n.recipients} read={n.read} acknowledged={n.acknowledged} />;

  const columns: TableColumnsType<TSentNotice> = isPhone
    ? [
        {
          key: 'notice',
          title: t('notices.subject'),
          render: (_, n) => (
            <div className="notice-cell">
              {title(n)}
              <span className="muted mono">{formatDateTime(n.sentAt)}</span>
              {counts(n)}
              {progress(n)}
            </div>
          ),
        },
      ]
    : [
        { key: 'title', title: t('notices.subject'), render: (_, n) => title(n) },
        { key: 'sentAt', title: t('notices.sentAt'), render: (_, n) => <span className="mono">{formatDateTime(n.sentAt)}</span> },
        { key: 'counts', title: t('notices.counts'), render: (_, n) => counts(n) },
        { key: 'progress', title: t('notices.progress'), width: 200, render: (_, n) => progress(n) },
      ];

  return (
    <Table<TSentNotice>
      data-testid="notices-sent"
      rowKey="id"
      size={tableSize}
      className="clickable-rows"
      columns={columns}
      dataSource={items}
      loading={loading}
      scroll={isPhone ? undefined : { x: 'max-content' }}
      pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
      locale={{ emptyText: t('notices.sentEmpty') }}
      onRow={(n) => ({ onClick: () => navigate(`/notices/${n.id}`), 'data-testid': `sent-row-${n.id}` }) as HTMLAttributes<HTMLElement>}
    />
  );
}
