import { useEffect, useState } from 'react';
import { UserAddOutlined, WarningOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Row, Skeleton, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatCount } from '../../app/format.ts';
import { AssignDialog, type AssignTarget } from '../assignments/AssignDialog.tsx';
import { Holders } from '../assignments/Holders.tsx';
import { useZones, type TCheckpoint, type TZone, type TZoneLevel } from './api.ts';

const LEVEL_COLOURS: Record<TZoneLevel, string> = {
  sealed: 'red',
  high: 'red',
  controlled: 'orange',
  medium: 'orange',
  precaution: 'blue',
  low: 'blue',
};

const rosterTarget = (c: TCheckpoint): AssignTarget => ({ unitType: 'checkpoint', unitId: c.id, unitName: c.name, holders: c.roster });

function CheckpointRow({ checkpoint, mayChange, focused, onAssign }: { checkpoint: TCheckpoint; mayChange: boolean; focused: boolean; onAssign: (t: AssignTarget) => void }) {
  const { t } = useTranslation();
  return (
    <div className={`branch checkpoint${focused ? ' unit-focus' : ''}`} data-unit={`checkpoint:${checkpoint.id}`} data-testid={`checkpoint-${checkpoint.id}`}>
      <div className="branch-head">
        <span className="branch-head-main">
          <span className="branch-name">{checkpoint.name}</span>
          {checkpoint.location && <span className="muted holder-title">{checkpoint.location}</span>}
          {checkpoint.roster.length === 0 && <Tag color="red" icon={<WarningOutlined />} data-testid="no-roster">{t('zones.noRoster')}</Tag>}
        </span>
        {mayChange && (
          <span className="branch-action">
            <Button size="small" icon={<UserAddOutlined />} data-testid={`assign-checkpoint-${checkpoint.id}`} onClick={() => onAssign(rosterTarget(checkpoint))}>
              {t('assignments.assign')}
            </Button>
          </span>
        )}
      </div>
      <Holders unitType="checkpoint" holders={checkpoint.roster} mayChange={mayChange} />
    </div>
  );
}

function ZoneCard({ zone, mayChange, focus, onAssign }: { zone: TZone; mayChange: boolean; focus: string | null; onAssign: (t: AssignTarget) => void }) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      className="unit-card"
      data-testid={`zone-${zone.id}`}
      title={<span className="unit-name">{zone.name}</span>}
      extra={<span className="tags"><Tag color={LEVEL_COLOURS[zone.level]}>{t(`zones.levels.${zone.level}`)}</Tag>{!zone.active && <Tag>{t('zones.lifted')}</Tag>}</span>}
    >
      <div className="unit-meta">
        <span>{t('zones.residents')} <strong>{formatCount(zone.residents)}</strong></span>
        <span>{t('zones.households')} <strong>{formatCount(zone.households)}</strong></span>
      </div>
      <div className="zone-members">
        <span className="muted">{t('zones.covers')}</span>
        {zone.members.map((m) => (
          <Tag key={`${m.kind}:${m.id}`}>
            <Link to={m.kind === 'building' ? `/buildings/${m.id}` : `/regions/${m.id}`}>{m.name}</Link>
          </Tag>
        ))}
      </div>
      <div className="branches">
        <div className="branches-title">{t('zones.checkpoints')}</div>
        {zone.checkpoints.length === 0 && <div className="muted">{t('zones.noCheckpoints')}</div>}
        {zone.checkpoints.map((c) => (
          <CheckpointRow key={c.id} checkpoint={c} mayChange={mayChange && zone.active} focused={focus === `checkpoint:${c.id}`} onAssign={onAssign} />
        ))}
      </div>
    </Card>
  );
}

/**
 * The response's risk areas (高中低风险区 or 封控区/管控区/防范区) with residents and households per level,
 * and the checkpoints on their boundaries. A `?checkpoint=` link (from the gaps report) marks the
 * checkpoint and opens its roster dialog. Drawing areas and changing levels are not in the web app yet.
 */
export function ZonesPanel({ responseId, mayChange }: { responseId: number; mayChange: boolean }) {
  const { t } = useTranslation();
  const zones = useZones(responseId);
  const [params, setParams] = useSearchParams();
  const [focus, setFocus] = useState<string | null>(null);
  const [target, setTarget] = useState<AssignTarget | null>(null);
  const linked = params.get('checkpoint');
  const report = zones.data;
  const checkpoints = report?.zones.flatMap((z) => (z.active ? z.checkpoints : [])) ?? [];

  useEffect(() => {
    if (!linked || !report) return;
    setFocus(`checkpoint:${linked}`);
    const checkpoint = report.zones.flatMap((z) => (z.active ? z.checkpoints : [])).find((c) => c.id === Number(linked));
    if (checkpoint && mayChange) setTarget(rosterTarget(checkpoint));
    setParams((p) => {
      const next = new URLSearchParams(p);
      next.delete('checkpoint');
      return next;
    }, { replace: true });
  }, [linked, report, mayChange, setParams]);

  useEffect(() => {
    if (focus) document.querySelector(`[data-unit="${CSS.escape(focus)}"]`)?.scrollIntoView({ block: 'center' });
  }, [focus]);

  if (zones.isError) return <ErrorAlert error={zones.error} onRetry={() => void zones.refetch()} />;
  if (!report) return <Card><Skeleton active /></Card>;
  const open = target && checkpoints.find((c) => c.id === target.unitId);
  return (
    <div className="command-tree" data-testid="zones">
      <Typography.Paragraph type="secondary" className="no-margin">{t('zones.intro')}</Typography.Paragraph>
      <Row gutter={[12, 12]}>
        {report.byLevel.map((l) => (
          <Col key={l.level} xs={24} sm={8}>
            <Card size="small" className={`zone-level zone-level-${LEVEL_COLOURS[l.level]}`} data-testid={`zone-level-${l.level}`}>
              <div className="zone-level-head">
                <Tag color={LEVEL_COLOURS[l.level]}>{t(`zones.levels.${l.level}`)}</Tag>
                <span className="muted">{t('zones.areas', { count: l.zones })}</span>
              </div>
              <div className="zone-level-stats">
                <Statistic title={t('zones.residents')} value={l.residents} formatter={(v) => formatCount(Number(v))} />
                <Statistic title={t('zones.households')} value={l.households} formatter={(v) => formatCount(Number(v))} />
              </div>
            </Card>
          </Col>
        ))}
      </Row>
      {report.zones.length === 0 ? (
        <Card size="small"><Empty description={t('zones.empty')} /></Card>
      ) : (
        <Row gutter={[16, 16]}>
          {report.zones.map((z) => (
            <Col key={z.id} xs={24} xl={12}>
              <ZoneCard zone={z} mayChange={mayChange} focus={focus} onAssign={setTarget} />
            </Col>
          ))}
        </Row>
      )}
      <AssignDialog target={open ? rosterTarget(open) : null} onClose={() => setTarget(null)} />
    </div>
  );
}
