import { Card, Empty, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../app/format.ts';
import { useOnDuty, type TPostType } from './api.ts';

/** 在岗志愿者: who of the volunteer teams is signed in at this post now. */
export function OnDutyPanel({ postType, postId }: { postType: TPostType; postId: number }) {
  const { t } = useTranslation();
  const duty = useOnDuty(postType, postId);
  const items = duty.data?.items ?? [];
  return (
    <Card size="small" title={t('teams.onDuty.title', { count: items.length })} data-testid="on-duty">
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('teams.onDuty.empty')} />
      ) : (
        <ul className="team-list">
          {items.map((d) => (
            <li key={`${d.shiftId}:${d.personId}`} className="team-list-item" data-testid={`on-duty-${d.personId}`}>
              <div className="team-list-main">
                <span className="team-list-name">{d.name} <Tag color="green">{t('teams.shifts.status.in')}</Tag></span>
                <span className="muted">{d.teamName} · {t('teams.onDuty.line', { since: formatDateTime(d.signedInAt), until: formatDateTime(d.endsAt) })}</span>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
