import { useState } from 'react';
import { PlusOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Skeleton, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatCount } from '../../app/format.ts';
import { useRegion } from '../regions/api.ts';
import { RegionSearch } from '../regions/RegionSearch.tsx';

/** A community, grid or building chosen for a risk area. */
export interface PickedMember {
  kind: 'region' | 'building';
  id: number;
  level: 'community' | 'grid' | 'building';
  /** With where it lies: `红旗街道 / 荔枝园村 / 第1网格 / 37号`. */
  label: string;
  residents: number;
}

export const memberKey = (m: { kind: 'region' | 'building'; id: number }) => `${m.kind}:${m.id}`;

interface Props {
  value?: PickedMember[];
  onChange?: (members: PickedMember[]) => void;
  /** Members of areas still in force, by key, with the area's name: shown, not refused (the server decides). */
  taken: Map<string, string>;
}

interface Row {
  kind: 'region' | 'building';
  id: number;
  level: 'town' | 'community' | 'grid' | 'building';
  name: string;
  residents: number;
}

/**
 * Browses the region tree (town → community → grid → building) or jumps by name, and picks
 * communities, grids or single buildings. Towns are only opened: an area is drawn below them.
 */
export function ZoneMemberPicker({ value = [], onChange, taken }: Props) {
  const { t } = useTranslation();
  const [browsing, setBrowsing] = useState<number>();
  const region = useRegion(browsing);
  const detail = region.data;
  const chosen = new Set(value.map(memberKey));
  // Below the district: the district's name says nothing inside one district.
  const path = detail ? detail.breadcrumb.slice(1).map((c) => c.name) : [];

  const pick = (row: Row, where: string[]) => {
    if (row.level === 'town' || chosen.has(memberKey(row))) return;
    onChange?.([...value, { kind: row.kind, id: row.id, level: row.level, label: [...where, row.name].join(' / '), residents: row.residents }]);
  };
  const drop = (key: string) => onChange?.(value.filter((m) => memberKey(m) !== key));

  const rows: Row[] = !detail
    ? []
    : detail.region.level === 'grid'
      ? detail.buildings.map((b) => ({ kind: 'building', id: b.id, level: 'building', name: b.name, residents: b.residentCount }))
      : detail.children.map((c) => ({ kind: 'region', id: c.id, level: c.level as Row['level'], name: c.name, residents: c.residentCount }));
  const here = detail && (detail.region.level === 'community' || detail.region.level === 'grid') ? detail.region : undefined;

  return (
    <div className="member-picker" data-testid="zone-member-picker">
      <RegionSearch onSelect={setBrowsing} testId="member-search" className="member-search" />
      {region.isError && <ErrorAlert error={region.error} onRetry={() => void region.refetch()} />}
      {!detail && !region.isError && <Skeleton active paragraph={{ rows: 3 }} />}
      {detail && (
        <>
          <div className="member-crumbs" data-testid="member-crumbs">
            {detail.breadcrumb.map((c, i) => (
              <span key={c.id} className="member-crumb">
                {i > 0 && <span className="muted">/</span>}
                {i < detail.breadcrumb.length - 1 ? (
                  <Button type="link" size="small" onClick={() => setBrowsing(c.id)}>{c.name}</Button>
                ) : (
                  <strong>{c.name}</strong>
                )}
              </span>
            ))}
            {here && (
              <Button
                size="small"
                icon={<PlusOutlined />}
                className="member-crumb-add"
                disabled={chosen.has(memberKey({ kind: 'region', id: here.id }))}
                data-testid="member-add-here"
                onClick={() => pick({ kind: 'region', id: here.id, level: here.level as Row['level'], name: here.name, residents: here.residentCount }, path.slice(0, -1))}
              >
                {t('zones.draw.pickWhole', { level: t(`levels.${here.level}`) })}
              </Button>
            )}
          </div>
          <ul className="member-list" data-testid="member-list">
            {rows.length === 0 && <li className="muted member-empty">{t(detail.region.level === 'grid' ? 'regions.noBuildings' : 'regions.noChildren')}</li>}
            {rows.map((row) => {
              const key = memberKey(row);
              const inArea = taken.get(key);
              return (
                <li key={key} className="member-row" data-testid={`member-row-${row.kind}-${row.id}`}>
                  <span className="member-row-main">
                    {row.level === 'building' ? (
                      <span className="member-name">{row.name}</span>
                    ) : (
                      <Button type="link" size="small" className="member-open" data-testid={`member-open-${row.id}`} onClick={() => setBrowsing(row.id)}>
                        {row.name} <RightOutlined />
                      </Button>
                    )}
                    <span className="muted member-meta">
                      {t(row.level === 'building' ? 'zones.draw.building' : `levels.${row.level}`)} · {t('zones.draw.residentsShort', { formatted: formatCount(row.residents) })}
                    </span>
                    {inArea && <Tag color="orange" data-testid="member-taken">{t('zones.draw.inArea', { name: inArea })}</Tag>}
                  </span>
                  {row.level !== 'town' && (
                    <Button size="small" icon={<PlusOutlined />} disabled={chosen.has(key)} data-testid={`member-add-${row.kind}-${row.id}`} onClick={() => pick(row, path)}>
                      {chosen.has(key) ? t('zones.draw.picked') : t('zones.draw.pick')}
                    </Button>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
      <div className="member-selected" data-testid="member-selected">
        <span className="muted">{t('zones.draw.selected', { count: value.length })}</span>
        {value.map((m) => (
          <Tag key={memberKey(m)} closable onClose={() => drop(memberKey(m))} data-testid={`member-selected-${m.kind}-${m.id}`}>
            {m.label}
          </Tag>
        ))}
      </div>
    </div>
  );
}
