import { useState } from 'react';
import { ClockCircleOutlined, DownOutlined, PhoneOutlined, UserAddOutlined } from '@ant-design/icons';
import { App, Button, Card, Dropdown, Empty, Skeleton, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TReportIn } from '../../../../contracts/reportins.ts';
import type { TRegionDetail } from '../../../../contracts/regions.ts';
import { ApiError } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatDateTime } from '../../app/format.ts';
import { useAssignReportIn, useReportIns, type TReportInPost } from './api.ts';
import { ReportInDialog } from './ReportInDialog.tsx';

/** Gives a member one of the posts they offered; the server refuses a second assignment. */
function AssignPost({ item, communityId }: { item: TReportIn; communityId: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const assign = useAssignReportIn(communityId);
  const post = (p: TReportInPost) => t(`reportIns.postLabels.${p}`);
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: item.posts.map((p) => ({ key: p, label: <span data-testid={`assign-post-${p}`}>{post(p)}</span> })),
        onClick: ({ key }) =>
          assign
            .mutateAsync({ id: item.id, post: key as TReportInPost })
            .then(() => void message.success(t('reportIns.assigned', { name: item.name, post: post(key as TReportInPost) })))
            .catch((err: unknown) => void message.error(err instanceof ApiError ? err.message : t('errors.network'))),
      }}
    >
      <Button size="small" loading={assign.isPending} data-testid={`report-in-assign-${item.id}`}>
        {t('reportIns.assign')} <DownOutlined />
      </Button>
    </Dropdown>
  );
}

function ReportInRow({ item, communityId }: { item: TReportIn; communityId: number }) {
  const { t } = useTranslation();
  return (
    <li className="report-in" data-testid={`report-in-${item.id}`} data-person={item.personId}>
      <div className="holder">
        <span className="holder-name" data-testid="report-in-name">{item.name}</span>
        {item.title && <span className="holder-title muted">{item.title}</span>}
        {item.phone && <span className="holder-phone mono muted"><PhoneOutlined /> {item.phone}</span>}
        <span className="report-in-status" data-testid="report-in-status">
          {item.assignedPost ? (
            <Tag color="green">{t('reportIns.assignedTo', { post: t(`reportIns.postLabels.${item.assignedPost}`) })}</Tag>
          ) : (
            <Tag color="orange">{t('reportIns.waiting')}</Tag>
          )}
        </span>
        {!item.assignedPost && <AssignPost item={item} communityId={communityId} />}
      </div>
      <div className="report-in-detail">
        <span className="muted">{t('reportIns.offers')}</span>
        {item.posts.map((p) => <Tag key={p} data-testid="report-in-post">{t(`reportIns.postLabels.${p}`)}</Tag>)}
      </div>
      <div className="report-in-detail muted">
        <ClockCircleOutlined />
        <span data-testid="report-in-slots">{item.timeSlots.length ? item.timeSlots.join(t('common.listSeparator')) : t('reportIns.noSlots')}</span>
        <span>· {t('reportIns.reportedAt', { at: formatDateTime(item.reportedAt) })}</span>
      </div>
    </li>
  );
}

/**
 * 双报到: the serving party members who reported in to this village or community, what they can do
 * and when, and the post each was given. Whoever may see the list may take report-ins and give
 * posts (the server's rule: the community lies in their scope).
 */
export function ReportInsCard({ detail }: { detail: TRegionDetail }) {
  const { t } = useTranslation();
  const { region } = detail;
  const list = useReportIns(region.id);
  const [reporting, setReporting] = useState(false);
  const items = list.data?.items ?? [];
  const assigned = items.filter((r) => r.assignedPost).length;
  return (
    <Card
      size="small"
      className="section"
      data-testid="report-ins-card"
      title={<span>{t('reportIns.title')} <span className="card-hint">{t('reportIns.hint')}</span></span>}
      extra={list.isSuccess && (
        <Button size="small" icon={<UserAddOutlined />} data-testid="report-in" onClick={() => setReporting(true)}>
          {t('reportIns.reportIn')}
        </Button>
      )}
    >
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending && <Skeleton active paragraph={{ rows: 2 }} />}
      {list.isSuccess && items.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reportIns.empty')} />}
      {items.length > 0 && (
        <>
          <div className="muted report-in-summary" data-testid="report-ins-summary">{t('reportIns.summary', { total: items.length, assigned })}</div>
          <ul className="report-ins" data-testid="report-ins">
            {items.map((r) => <ReportInRow key={r.id} item={r} communityId={region.id} />)}
          </ul>
        </>
      )}
      <ReportInDialog
        target={reporting ? { communityId: region.id, communityName: region.name, reportedPersonIds: items.map((r) => r.personId) } : null}
        onClose={() => setReporting(false)}
      />
    </Card>
  );
}
