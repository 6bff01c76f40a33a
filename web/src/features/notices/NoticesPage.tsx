import { useState } from 'react';
import { SendOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams } from 'react-router';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { NotFoundPage } from '../../app/NotFoundPage.tsx';
import { PageTitle } from '../../app/PageTitle.tsx';
import { useMayCommand } from '../auth/api.ts';
import { useNotices } from './api.ts';
import { InboxTable } from './InboxTable.tsx';
import { NoticeView } from './NoticeView.tsx';
import { SendNoticeDialog } from './SendNoticeDialog.tsx';
import { SentTable } from './SentTable.tsx';

/** 通知公告: the inbox for everyone; the command also sends notices and follows them in the sent tab (`/notices/sent`). */
function NoticeLists() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const mayCommand = useMayCommand();
  const notices = useNotices();
  const [sending, setSending] = useState(false);
  const received = notices.data?.received ?? [];
  const unread = received.filter((n) => n.receipt && !n.receipt.readAt).length;
  const inbox = <InboxTable items={received} loading={notices.isPending} />;

  return (
    <div className="page" data-testid="notices-page">
      <PageTitle
        extra={mayCommand && (
          <Button type="primary" icon={<SendOutlined />} data-testid="send-notice" onClick={() => setSending(true)}>
            {t('notices.send')}
          </Button>
        )}
      >
        {t('notices.title')}
      </PageTitle>
      {notices.isError && <ErrorAlert error={notices.error} onRetry={() => void notices.refetch()} />}
      {mayCommand ? (
        <Tabs
          activeKey={pathname.endsWith('/sent') ? 'sent' : 'inbox'}
          onChange={(key) => navigate(key === 'sent' ? '/notices/sent' : '/notices')}
          items={[
            {
              key: 'inbox',
              label: <span data-testid="tab-inbox">{t('notices.tabs.inbox')} <Badge count={unread} size="small" /></span>,
              children: <Card size="small">{inbox}</Card>,
            },
            {
              key: 'sent',
              label: <span data-testid="tab-sent">{t('notices.tabs.sent')}</span>,
              children: <Card size="small"><SentTable items={notices.data?.sent ?? []} loading={notices.isPending} /></Card>,
            },
          ]}
        />
      ) : (
        <Card size="small">{inbox}</Card>
      )}
      {mayCommand && (
        <SendNoticeDialog
          open={sending}
          onClose={() => setSending(false)}
          onSent={() => {
            setSending(false);
            navigate('/notices/sent');
          }}
        />
      )}
    </div>
  );
}

export default function NoticesPage() {
  const raw = useParams().id;
  if (raw === undefined) return <NoticeLists />;
  const id = Number(raw);
  // The key starts each notice afresh: its own query, its own receipts filter.
  return Number.isInteger(id) && id > 0 ? <NoticeView key={id} id={id} /> : <NotFoundPage />;
}
