import { useEffect, useState } from 'react';
import { FlagOutlined, PlusOutlined, StopOutlined, SwapOutlined, UserAddOutlined, WarningOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Empty, Popconfirm, Row, Skeleton, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatCount, formatDateTime } from '../../app/format.ts';
import { AssignDialog, type AssignTarget } from '../assignments/AssignDialog.tsx';
import { Holders } from '../assignments/Holders.tsx';
import { schemeLevels, useEndZone, useZones, type TCheckpoint, type TZone } from './api.ts';
import { CheckpointDialog } from './CheckpointDialog.tsx';
import { DrawZoneDialog } from './DrawZoneDialog.tsx';
import { useRiskNames } from './levels.ts';
import { ZoneLevelDialog } from './ZoneLevelDialog.tsx';
import { memberKey } from './ZoneMemberPicker.tsx';

/** In force or still to start: its checkpoints are staffed, its places taken. */
const notLifted = (z: TZone) => z.state !== 'lifted';

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
      <Holders unitType="checkpoint" unitId={checkpoint.id} holders={checkpoint.roster} mayChange={mayChange} />
    </div>
  );
}

/** 等级变更记录: every level the area has had, who set it and when, oldest first. */
function LevelHistory({ zone, scheme }: { zone: TZone; scheme: string }) {
  const { t } = useTranslation();
  const level = useRiskNames(scheme).levelName;
  return (
    <div className="branches">
      <div className="branches-title">{t('zones.history.title')}</div>
      <ul className="zone-history" data-testid="zone-history">
        {zone.history.map((h, i) => (
          <li key={i} className="zone-history-entry" data-testid="zone-history-entry">
            <span className="mono muted">{formatDateTime(h.at)}</span>
            <span className="zone-history-who">{h.byName ?? t('zones.history.system')}</span>
            <span data-testid="zone-history-change">{h.from ? t('zones.history.changed', { from: level(h.from), to: level(h.to) }) : t('zones.history.drawn', { to: level(h.to) })}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** 解除风险区域, after a confirmation: the area stays listed, marked as lifted, with its history. */
function EndZoneAction({ zone }: { zone: TZone }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const end = useEndZone();
  return (
    <Popconfirm
      title={t('zones.end.title', { name: zone.name })}
      description={<div className="confirm-note">{t('zones.end.note')}</div>}
      okText={t('zones.end.ok')}
      okButtonProps={{ danger: true, loading: end.isPending }}
      onConfirm={() =>
        end
          .mutateAsync(zone.id)
          .then(() => void message.success(t('zones.end.done', { name: zone.name })))
          .catch((err: unknown) => void message.error(err instanceof ApiError ? err.message : t('errors.network')))
      }
    >
      <Button size="small" danger icon={<StopOutlined />} data-testid="zone-end">{t('zones.end.action')}</Button>
    </Popconfirm>
  );
}

interface ZoneCardProps {
  zone: TZone;
  scheme: string;
  mayChange: boolean;
  focus: string | null;
  onAssign: (t: AssignTarget) => void;
  onChangeLevel: (zone: TZone) => void;
  onAddCheckpoint: (zone: TZone) => void;
}

function ZoneCard({ zone, scheme, mayChange, focus, onAssign, onChangeLevel, onAddCheckpoint }: ZoneCardProps) {
  const { t } = useTranslation();
  const { levelName, levelColour } = useRiskNames(scheme);
  // A planned area can be prepared (level, checkpoints) or called off; a lifted one is history.
  const changeable = mayChange && zone.state !== 'lifted';
  return (
    <Card
      size="small"
      className="unit-card"
      data-testid={`zone-${zone.id}`}
      data-zone={zone.name}
      title={<span className="unit-name" data-testid="zone-name">{zone.name}</span>}
      extra={
        <span className="tags">
          <Tag color={levelColour(zone.level)} data-testid="zone-level">{levelName(zone.level)}</Tag>
          {zone.state === 'lifted' && <Tag data-testid="zone-lifted">{t('zones.lifted')}</Tag>}
          {zone.state === 'planned' && <Tag color="gold" data-testid="zone-planned">{t('zones.planned')}</Tag>}
        </span>
      }
    >
      <div className="unit-meta">
        <span>{t('zones.residents')} <strong data-testid="zone-residents">{formatCount(zone.residents)}</strong></span>
        <span>{t('zones.households')} <strong data-testid="zone-households">{formatCount(zone.households)}</strong></span>
        <span className="muted">{t('zones.since', { at: formatDateTime(zone.startsAt) })}</span>
        {zone.endsAt && <span className="muted">{t('zones.until', { at: formatDateTime(zone.endsAt) })}</span>}
      </div>
      <div className="zone-members">
        <span className="muted">{t('zones.covers')}</span>
        {zone.members.map((m) => (
          <Tag key={memberKey(m)}>
            <Link to={m.kind === 'building' ? `/buildings/${m.id}` : `/regions/${m.id}`}>{m.name}</Link>
          </Tag>
        ))}
      </div>
      {changeable && (
        <div className="zone-actions">
          <Button size="small" icon={<SwapOutlined />} data-testid="zone-change-level" onClick={() => onChangeLevel(zone)}>{t('zones.level.action')}</Button>
          <Button size="small" icon={<PlusOutlined />} data-testid="zone-add-checkpoint" onClick={() => onAddCheckpoint(zone)}>{t('zones.checkpoint.action')}</Button>
          <EndZoneAction zone={zone} />
        </div>
      )}
      <div className="branches">
        <div className="branches-title">{t('zones.checkpoints')}</div>
        {zone.checkpoints.length === 0 && <div className="muted">{t('zones.noCheckpoints')}</div>}
        {zone.checkpoints.map((c) => (
          <CheckpointRow key={c.id} checkpoint={c} mayChange={changeable} focused={focus === `checkpoint:${c.id}`} onAssign={onAssign} />
        ))}
      </div>
      <LevelHistory zone={zone} scheme={scheme} />
    </Card>
  );
}

/**
 * The response's risk areas (高中低风险区 or 封控区/管控区/防范区) with residents and households per level,
 * and the checkpoints on their boundaries. A `?checkpoint=` link (from the gaps report) marks the
 * checkpoint and opens its roster dialog. The district command draws areas here, changes their
 * level, adds checkpoints and lifts areas.
 */
export function ZonesPanel({ responseId, mayChange }: { responseId: number; mayChange: boolean }) {
  const { t } = useTranslation();
  const zones = useZones(responseId);
  const { levelName, levelColour } = useRiskNames(zones.data?.scheme);
  const [params, setParams] = useSearchParams();
  const [focus, setFocus] = useState<string | null>(null);
  const [target, setTarget] = useState<AssignTarget | null>(null);
  const [drawing, setDrawing] = useState(false);
  const [levelOf, setLevelOf] = useState<number>();
  const [checkpointOf, setCheckpointOf] = useState<number>();
  const linked = params.get('checkpoint');
  const report = zones.data;
  const checkpoints = report?.zones.flatMap((z) => (notLifted(z) ? z.checkpoints : [])) ?? [];

  useEffect(() => {
    if (!linked || !report) return;
    setFocus(`checkpoint:${linked}`);
    const checkpoint = report.zones.flatMap((z) => (notLifted(z) ? z.checkpoints : [])).find((c) => c.id === Number(linked));
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
  const picked = target && checkpoints.find((c) => c.id === target.unitId);
  const levels = schemeLevels(report);
  // Dialogs follow the report as it refreshes: after a refused level change they show the level now in force.
  const active = (id: number | undefined) => report.zones.find((z) => z.id === id && notLifted(z));
  // Planned areas hold their places too: the server refuses an area over them when the periods meet.
  const taken = new Map(report.zones.filter(notLifted).flatMap((z) => z.members.map((m) => [memberKey(m), z.name] as const)));
  return (
    <div className="command-tree" data-testid="zones">
      <div className="zones-head">
        <Typography.Paragraph type="secondary" className="no-margin">{t('zones.intro')}</Typography.Paragraph>
        {mayChange && (
          <Button type="primary" danger icon={<FlagOutlined />} data-testid="draw-zone" onClick={() => setDrawing(true)}>
            {t('zones.draw.action')}
          </Button>
        )}
      </div>
      <Row gutter={[12, 12]}>
        {report.byLevel.map((l) => (
          <Col key={l.level} xs={24} sm={8}>
            <Card size="small" className={`zone-level zone-level-${levelColour(l.level)}`} data-testid={`zone-level-${l.level}`}>
              <div className="zone-level-head">
                <Tag color={levelColour(l.level)}>{levelName(l.level)}</Tag>
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
              <ZoneCard zone={z} scheme={report.scheme} mayChange={mayChange} focus={focus} onAssign={setTarget} onChangeLevel={(zone) => setLevelOf(zone.id)} onAddCheckpoint={(zone) => setCheckpointOf(zone.id)} />
            </Col>
          ))}
        </Row>
      )}
      <AssignDialog target={picked ? rosterTarget(picked) : null} onClose={() => setTarget(null)} />
      {mayChange && (
        <>
          <DrawZoneDialog open={drawing} responseId={responseId} scheme={report.scheme} levels={levels} taken={taken} onDone={() => setDrawing(false)} />
          <ZoneLevelDialog zone={active(levelOf)} scheme={report.scheme} levels={levels} onClose={() => setLevelOf(undefined)} />
          <CheckpointDialog zone={active(checkpointOf)} onClose={() => setCheckpointOf(undefined)} />
        </>
      )}
    </div>
  );
}
