import { useState, type HTMLAttributes } from 'react';
import { ExperimentOutlined, ScanOutlined } from '@ant-design/icons';
import { Button, Card, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatCount, formatDateTime } from '../../app/format.ts';
import { useIsPhone, useTableSize } from '../../app/useIsPhone.ts';
import { useRounds, type TRound } from './api.ts';
import { CoverageBar } from './CoverageBar.tsx';
import { ROUND_STATUS_COLOURS, poolLabel } from './labels.ts';
import { OpenRoundDialog } from './OpenRoundDialog.tsx';

/** 检测轮次 of a response: each with its window, scope and how far it has got; the command opens new ones here. */
export function RoundsPanel({ responseId, mayOpen }: { responseId: number; mayOpen: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const rounds = useRounds(responseId);
  const tableSize = useTableSize();
  const isPhone = useIsPhone();
  const [opening, setOpening] = useState(false);
  const items = [...(rounds.data ?? [])].reverse();

  const name = (r: TRound) => (
    <span className="round-name-cell">
      <Link to={`/rounds/${r.id}`} onClick={(e) => e.stopPropagation()} data-testid="round-name">{r.name}</Link>
      <Tag color={ROUND_STATUS_COLOURS[r.status]} data-testid="round-status">{t(`rounds.statuses.${r.status}`)}</Tag>
    </span>
  );
  const timeSpan = (r: TRound) => <span className="mono">{formatDateTime(r.startsAt)} – {formatDateTime(r.endsAt)}</span>;
  const scan = (r: TRound) =>
    r.status === 'open' && (
      <Link to={`/rounds/${r.id}/scan`} onClick={(e) => e.stopPropagation()} className="nowrap" data-testid="round-scan-link">
        <ScanOutlined /> {t('rounds.page.scan')}
      </Link>
    );
  const columns: TableColumnsType<TRound> = isPhone
    ? [
        {
          key: 'round',
          title: t('rounds.name'),
          render: (_, r) => (
            <div className="round-cell">
              {name(r)}
              <span className="muted">{timeSpan(r)}</span>
              <CoverageBar coverage={r.coverage} testId="round-coverage" />
              {scan(r)}
            </div>
          ),
        },
      ]
    : [
        { key: 'name', title: t('rounds.name'), render: (_, r) => name(r) },
        { key: 'window', title: t('rounds.window'), render: (_, r) => timeSpan(r) },
        {
          key: 'scope',
          title: t('rounds.scope'),
          render: (_, r) => (
            <span className="tags">
              {r.scope.map((s) => <Tag key={`${s.kind}:${s.id}`} color={s.kind === 'zone' ? 'orange' : undefined}>{s.name}</Tag>)}
            </span>
          ),
        },
        { key: 'pool', title: t('rounds.defaultPool'), render: (_, r) => poolLabel(t, r.defaultPoolSize) },
        { key: 'coverage', title: t('rounds.coverage.share'), render: (_, r) => <CoverageBar coverage={r.coverage} testId="round-coverage" /> },
        { key: 'tubes', title: t('rounds.coverage.tubes'), align: 'end', render: (_, r) => <span className="mono">{formatCount(r.tubes)}</span> },
        { key: 'scan', title: '', render: (_, r) => scan(r) },
      ];

  return (
    <div className="command-tree" data-testid="rounds">
      <div className="zones-head">
        <Typography.Paragraph type="secondary" className="no-margin">{t('rounds.intro')}</Typography.Paragraph>
        {mayOpen && (
          <Button type="primary" icon={<ExperimentOutlined />} data-testid="open-round" onClick={() => setOpening(true)}>
            {t('rounds.open.action')}
          </Button>
        )}
      </div>
      {rounds.isError && <ErrorAlert error={rounds.error} onRetry={() => void rounds.refetch()} />}
      <Card size="small">
        <Table<TRound>
          data-testid="rounds-table"
          rowKey="id"
          size={tableSize}
          className="clickable-rows"
          columns={columns}
          dataSource={items}
          loading={rounds.isPending}
          scroll={isPhone ? undefined : { x: 'max-content' }}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: t('rounds.empty') }}
          onRow={(r) => ({ onClick: () => navigate(`/rounds/${r.id}`), 'data-testid': `round-row-${r.id}`, 'data-round': r.name }) as HTMLAttributes<HTMLElement>}
        />
      </Card>
      {mayOpen && <OpenRoundDialog open={opening} responseId={responseId} roundsSoFar={rounds.data?.length ?? 0} onClose={() => setOpening(false)} />}
    </div>
  );
}
