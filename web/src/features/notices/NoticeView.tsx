import { CheckCircleOutlined, LeftOutlined, LinkOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatDateTime } from '../../app/format.ts';
import { PageTitle } from '../../app/PageTitle.tsx';
import { useMayCommand } from '../auth/api.ts';
import { useAcknowledgeNotice, useNotice, type TNotice } from './api.ts';
import { isWebUrl, receiptState } from './labels.ts';
import { NoticeStateTag } from './NoticeStateTag.tsx';
import { ReceiptsCard } from './ReceiptsCard.tsx';

function NoticeLinks({ links }: { links: TNotice['links'] }) {
  const { t } = useTranslation();
  if (links.length === 0) return null;
  return (
    <div className="notice-links" data-testid="notice-links">
      <div className="branches-title">{t('notices.links')}</div>
      <ul>
        {links.map((l, i) => (
          <li key={i}>
            <LinkOutlined />{' '}
            {isWebUrl(l.url) ? (
              <a href={l.url} target="_blank" rel="noopener noreferrer" data-testid="notice-link">{l.title}</a>
            ) : (
              <span data-testid="notice-link-text">{l.title} <span className="muted">{l.url}</span></span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The recipient's part: 确认收到, or when they did; a reminder from the command stands out until then. */
function Acknowledgement({ notice }: { notice: TNotice }) {
  const { t } = useTranslation();
  const acknowledge = useAcknowledgeNotice();
  const receipt = notice.receipt;
  if (!receipt) return null;
  if (receipt.acknowledgedAt)
    return <Alert type="success" showIcon icon={<CheckCircleOutlined />} className="notice-acked" data-testid="notice-acked" title={t('notices.ackedAt', { time: formatDateTime(receipt.acknowledgedAt) })} />;
  return (
    <div className="notice-ack">
      {receipt.remindedCount > 0 && <Alert type="warning" showIcon data-testid="notice-reminder" title={t('notices.remindedYou', { count: receipt.remindedCount })} />}
      <Typography.Text type="secondary">{t('notices.ackHint')}</Typography.Text>
      <Button type="primary" icon={<CheckCircleOutlined />} data-testid="notice-ack" loading={acknowledge.isPending} onClick={() => acknowledge.mutate(notice.id)}>
        {t('notices.ack')}
      </Button>
      {acknowledge.isError && <ErrorAlert error={acknowledge.error} testId="ack-error" />}
    </div>
  );
}

/** One notice: opening it is the read receipt; the recipient acknowledges it here, and the command sees who has. */
export function NoticeView({ id }: { id: number }) {
  const { t } = useTranslation();
  const notice = useNotice(id);
  const mayCommand = useMayCommand();
  const n = notice.data;
  const back = (
    <Link to={n && !n.receipt && mayCommand ? '/notices/sent' : '/notices'} data-testid="notice-back">
      <LeftOutlined /> {t('notices.back')}
    </Link>
  );

  if (notice.isError) return <div className="page">{back}<ErrorAlert error={notice.error} onRetry={() => void notice.refetch()} /></div>;
  if (!n) return <div className="page"><Card><Skeleton active /></Card></div>;
  return (
    <div className="page" data-testid="notice-detail">
      {back}
      <PageTitle>{n.title}</PageTitle>
      <Card size="small">
        <div className="notice-meta">
          {n.receipt && <NoticeStateTag state={receiptState(n.receipt)} />}
          <span className="muted">{t('notices.sentAt')} <span className="mono">{formatDateTime(n.sentAt)}</span></span>
        </div>
        <div className="notice-body" data-testid="notice-body">{n.body}</div>
        <NoticeLinks links={n.links} />
        <Acknowledgement notice={n} />
      </Card>
      {mayCommand && <ReceiptsCard noticeId={id} />}
    </div>
  );
}
