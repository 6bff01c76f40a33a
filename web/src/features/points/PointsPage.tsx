import { useState, type HTMLAttributes } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Row, Statistic, Table, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatCount } from '../../app/format.ts';
import { PageTitle } from '../../app/PageTitle.tsx';
import { SearchBox } from '../../app/SearchBox.tsx';
import { useIsPhone, useTableSize } from '../../app/useIsPhone.ts';
import { useMayCommand } from '../auth/api.ts';
import { RegionPicker } from '../regions/RegionPicker.tsx';
import { usePoints, type TPointStatus, type TPointSummary } from './api.ts';
import { STATUSES } from './labels.ts';
import { NewPointDialog } from './NewPointDialog.tsx';
import { ChiefCell, PointStatusTag, QueueTag, TeamTag } from './PointTags.tsx';

const isStatus = (v: string | null): v is TPointStatus => v !== null && (STATUSES as string[]).includes(v);

function usePointColumns(): TableColumnsType<TPointSummary> {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const name = (p: TPointSummary) => (
    <Link to={`/points/${p.id}`} className="point-name" data-testid="point-link" onClick={(e) => e.stopPropagation()}>{p.name}</Link>
  );
  // A phone has room for one column: the name and status, where it is, then chief, team and queue.
  if (isPhone) {
    return [
      {
        key: 'point',
        title: t('points.list.name'),
        render: (_, p) => (
          <div className="point-cell">
            <span className="point-cell-head">{name(p)}<PointStatusTag status={p.status} /></span>
            <span className="muted">{p.where} · {p.address}</span>
            <span className="tags"><ChiefCell chief={p.chief} /><TeamTag point={p} /><QueueTag status={p.queueStatus} /></span>
          </div>
        ),
      },
    ];
  }
  return [
    { key: 'name', title: t('points.list.name'), fixed: 'start', render: (_, p) => name(p) },
    { key: 'where', title: t('points.list.where'), dataIndex: 'where' },
    { key: 'address', title: t('points.list.address'), dataIndex: 'address', render: (v: string) => <span data-testid="point-address">{v}</span> },
    { key: 'status', title: t('points.list.status'), render: (_, p) => <PointStatusTag status={p.status} /> },
    { key: 'chief', title: t('points.list.chief'), render: (_, p) => <ChiefCell chief={p.chief} /> },
    { key: 'team', title: t('points.list.team'), render: (_, p) => <TeamTag point={p} /> },
    { key: 'queue', title: t('points.list.queue'), render: (_, p) => <QueueTag status={p.queueStatus} /> },
  ];
}

/**
 * 采样点: every point in the user's scope with its chief, this shift's team and its queue; counts by
 * status (a click filters), a region and a name to narrow the list. The command sets up new points here.
 */
export default function PointsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const mayCommand = useMayCommand();
  const tableSize = useTableSize();
  const isPhone = useIsPhone();
  const columns = usePointColumns();
  const [params, setParams] = useSearchParams();
  const regionId = Number(params.get('region')) || undefined;
  const name = params.get('name') ?? '';
  const rawStatus = params.get('status');
  const status = isStatus(rawStatus) ? rawStatus : undefined;
  const [text, setText] = useState(name);
  const [creating, setCreating] = useState(false);
  // Status filters here, not on the server: the counts of every status stay in sight.
  const points = usePoints({ regionId, name });
  const list = points.data;
  const items = list?.items.filter((p) => !status || p.status === status) ?? [];

  const update = (next: { region?: number; name?: string; status?: TPointStatus | null }) => {
    const merged = { region: regionId, name, status, ...next };
    const out: Record<string, string> = {};
    if (merged.region) out.region = String(merged.region);
    if (merged.name?.trim()) out.name = merged.name.trim();
    if (merged.status) out.status = merged.status;
    setParams(out, { replace: true });
  };

  return (
    <div className="page" data-testid="points-page">
      <PageTitle
        extra={mayCommand && (
          <Button type="primary" icon={<PlusOutlined />} data-testid="new-point" onClick={() => setCreating(true)}>
            {t('points.create.action')}
          </Button>
        )}
      >
        {t('points.title')}
      </PageTitle>
      <Card size="small">
        <div className="filters">
          <div className="filter-region">
            <RegionPicker value={regionId} onChange={(id) => update({ region: id })} placeholder={t('points.list.regionPlaceholder')} testId="points-region" />
          </div>
          <SearchBox
            testId="points-name"
            className="filter-name"
            value={text}
            onChange={setText}
            onSearch={(v) => update({ name: v })}
            placeholder={t('points.list.namePlaceholder')}
            maxLength={50}
          />
        </div>
      </Card>
      <Row gutter={[12, 12]} className="point-counts">
        <Col xs={6} lg={3}>
          <Card size="small" hoverable className={`point-count${status ? '' : ' point-count-selected'}`} onClick={() => update({ status: null })} aria-pressed={!status}>
            <Statistic title={t('points.list.total')} value={list?.total ?? 0} formatter={(v) => formatCount(Number(v))} data-testid="points-total" />
          </Card>
        </Col>
        {STATUSES.map((s) => {
          const n = list?.byStatus[s] ?? 0;
          const selected = status === s;
          return (
            <Col key={s} xs={6} lg={3}>
              <Card
                size="small"
                hoverable={n > 0}
                className={`point-count${selected ? ' point-count-selected' : ''}`}
                onClick={() => (n > 0 || selected) && update({ status: selected ? null : s })}
                aria-pressed={selected}
                data-testid={`filter-${s}`}
              >
                <Statistic title={t(`points.statuses.${s}`)} value={n} formatter={(v) => formatCount(Number(v))} data-testid={`count-${s}`} />
              </Card>
            </Col>
          );
        })}
      </Row>
      {points.isError && <ErrorAlert error={points.error} onRetry={() => void points.refetch()} />}
      <Card size="small">
        <Table<TPointSummary>
          data-testid="points-table"
          rowKey="id"
          size={tableSize}
          className="clickable-rows"
          columns={columns}
          dataSource={items}
          loading={points.isFetching}
          scroll={isPhone ? undefined : { x: 'max-content' }}
          locale={{ emptyText: t('points.list.empty') }}
          pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false, showTotal: (total) => t('common.total', { total: formatCount(total) }) }}
          onRow={(p) => ({ onClick: () => navigate(`/points/${p.id}`), 'data-testid': `point-row-${p.id}`, 'data-name': p.name }) as HTMLAttributes<HTMLElement>}
        />
      </Card>
      {mayCommand && (
        <NewPointDialog
          open={creating}
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            navigate(`/points/${id}`);
          }}
        />
      )}
    </div>
  );
}
