import { useState } from 'react';
import { EnvironmentOutlined, HistoryOutlined, UserAddOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, Card, Button, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../app/format.ts';
import { AssignDialog } from '../assignments/AssignDialog.tsx';
import { Holders } from '../assignments/Holders.tsx';
import type { TPoint, TSite } from './api.ts';

const coords = (s: TSite) => (s.lat !== null && s.lng !== null ? `${s.lat}, ${s.lng}` : null);

/** Where the point stands now, where it stood before (moved when, and why), and whom it serves. */
export function SiteCard({ point }: { point: TPoint }) {
  const { t } = useTranslation();
  const { site } = point;
  return (
    <Card size="small" className="unit-card" data-testid="point-site-card" title={t('points.site.title')}>
      <div className="point-site">
        <EnvironmentOutlined className="point-site-icon" />
        <div className="point-site-main">
          <span className="point-site-address" data-testid="point-site-address">{site.address}</span>
          <span className="muted">
            {[t('points.site.since', { at: formatDateTime(site.since) }), coords(site) && t('points.site.coords', { coords: coords(site) })].filter(Boolean).join(' · ')}
          </span>
        </div>
      </div>
      {point.previousSites.length > 0 && (
        <div className="branches">
          <div className="branches-title">{t('points.site.previous')}</div>
          <ul className="point-previous" data-testid="previous-sites">
            {point.previousSites.map((s) => (
              <li key={s.since} className="point-previous-site" data-testid="previous-site">
                <span>
                  {t('points.site.movedFrom', { address: s.address, at: s.until ? formatDateTime(s.until) : '' })}
                </span>
                {s.movedReason && <span className="muted" data-testid="previous-site-reason">{t('points.site.reason', { reason: s.movedReason })}</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="branches">
        <div className="branches-title">{t('points.site.served')}</div>
        <div className="zone-members" data-testid="point-served-regions">
          {point.servedRegions.map((r) => (
            <Tag key={r.id}><Link to={`/regions/${r.id}`}>{r.name}</Link></Tag>
          ))}
        </div>
      </div>
    </Card>
  );
}

/** 点长制: the point's chief; a running point without one is a weak point the command fills here. */
export function ChiefsCard({ point, mayCommand }: { point: TPoint; mayCommand: boolean }) {
  const { t } = useTranslation();
  const [assigning, setAssigning] = useState(false);
  const mayAssign = mayCommand && point.status !== 'closed';
  return (
    <Card
      size="small"
      className="unit-card"
      data-testid="point-chiefs-card"
      title={<span>{t('points.chiefs.title')} <span className="card-hint">{t('points.chiefs.hint')}</span></span>}
      extra={mayAssign && (
        <Button size="small" icon={<UserAddOutlined />} data-testid="assign-chief" onClick={() => setAssigning(true)}>
          {t('points.chiefs.assign')}
        </Button>
      )}
    >
      {point.chiefs.length === 0 && (
        <Alert type="error" showIcon icon={<WarningOutlined />} className="blank-spot" title={t('points.chiefs.none')} data-testid="no-chief" />
      )}
      <Holders unitType="point" unitId={point.id} holders={point.chiefs} mayChange={mayAssign} />
      {/* The holders are re-read from the page's data so the dialog knows who is in post now. */}
      <AssignDialog
        target={assigning ? { unitType: 'point', unitId: point.id, unitName: point.name, holders: point.chiefs } : null}
        onClose={() => setAssigning(false)}
      />
    </Card>
  );
}

/** 状态变更记录: each step of the lifecycle, who took it and when, newest first. */
export function HistoryCard({ point }: { point: TPoint }) {
  const { t } = useTranslation();
  const status = (s: TPoint['status']) => t(`points.statuses.${s}`);
  return (
    <Card size="small" title={<span><HistoryOutlined /> {t('points.history.title')}</span>}>
      <ul className="zone-history" data-testid="point-history">
        {point.history.map((h, i) => (
          <li key={i} className="zone-history-entry" data-testid="point-history-entry">
            <span className="mono muted">{formatDateTime(h.at)}</span>
            <span>{h.by ?? t('points.history.system')}</span>
            <span data-testid="point-history-change">{h.from ? t('points.history.changed', { from: status(h.from), to: status(h.to) }) : t('points.history.created', { to: status(h.to) })}</span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
