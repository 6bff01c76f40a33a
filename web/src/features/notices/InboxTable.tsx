import type { HTMLAttributes } from 'react';
import { Badge, Table, Tag, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { formatDateTime } from '../../app/format.ts';
import { useIsPhone, useTableSize } from '../../app/useIsPhone.ts';
import type { TNotice } from './api.ts';
import { receiptState } from './labels.ts';
import { NoticeStateTag } from './NoticeStateTag.tsx';

const stateOf = (n: TNotice) => (n.receipt ? receiptState(n.receipt) : 'read');

/** The notices an account received, newest first; unread ones in bold with a dot. A click opens one. */
export function InboxTable({ items, loading }: { items: TNotice[]; loading: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const tableSize = useTableSize();

  const title = (n: TNotice) => (
    <span className="notice-title-cell">
      {stateOf(n) === 'unread' && <Badge status="processing" color="red" />}
      <Link to={`/notices/${n.id}`} className="notice-title-link" onClick={(e) => e.stopPropagation()}>{n.title}</Link>
    </span>
  );
  const reminded = (n: TNotice) =>
    n.receipt && n.receipt.remindedCount > 0 && !n.receipt.acknowledgedAt ? <Tag color="warning" data-testid="notice-reminded">{t('notices.remindedTimes', { count: n.receipt.remindedCount })}</Tag> : null;

  // A phone has room for one column: the title, and under it when and where the notice stands.
  const columns: TableColumnsType<TNotice> = isPhone
    ? [
        {
          key: 'notice',
          title: t('notices.subject'),
          render: (_, n) => (
            <div className="notice-cell">
              {title(n)}
              <span className="notice-cell-meta">
                <NoticeStateTag state={stateOf(n)} />
                {reminded(n)}
                <span className="muted mono">{formatDateTime(n.sentAt)}</span>
              </span>
            </div>
          ),
        },
      ]
    : [
        { key: 'state', title: t('notices.state'), width: 120, render: (_, n) => <NoticeStateTag state={stateOf(n)} /> },
        { key: 'title', title: t('notices.subject'), render: (_, n) => <span className="tags">{title(n)}{reminded(n)}</span> },
        { key: 'sentAt', title: t('notices.sentAt'), width: 180, render: (_, n) => <span className="mono">{formatDateTime(n.sentAt)}</span> },
      ];

  return (
    <Table<TNotice>
      data-testid="notices-inbox"
      rowKey="id"
      size={tableSize}
      className="clickable-rows"
      columns={columns}
      dataSource={items}
      loading={loading}
      rowClassName={(n) => (stateOf(n) === 'unread' ? 'notice-unread' : '')}
      pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
      locale={{ emptyText: t('notices.inboxEmpty') }}
      onRow={(n) => ({ onClick: () => navigate(`/notices/${n.id}`), 'data-testid': `notice-row-${n.id}`, 'data-state': stateOf(n) }) as HTMLAttributes<HTMLElement>}
    />
  );
}
