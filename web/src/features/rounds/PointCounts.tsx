import type { HTMLAttributes } from 'react';
import { ScanOutlined } from '@ant-design/icons';
import { Card, Table, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatCount, formatDateTime } from '../../app/format.ts';
import { useTableSize } from '../../app/useIsPhone.ts';
import { usePointCounts, type TPointCounts, type TRound } from './api.ts';

const count = (n: number) => <span className="mono">{formatCount(n)}</span>;

/** Tubes and people per sampling point this round, busiest names first as the server sorts them. */
export function PointCounts({ round }: { round: TRound }) {
  const { t } = useTranslation();
  const points = usePointCounts(round.id);
  const tableSize = useTableSize();
  const columns: TableColumnsType<TPointCounts> = [
    { key: 'name', title: t('rounds.page.point'), dataIndex: 'name' },
    { key: 'tubes', title: t('rounds.coverage.tubes'), align: 'end', render: (_, p) => <span data-testid="point-tubes">{count(p.tubes)}</span> },
    { key: 'persons', title: t('rounds.page.persons'), align: 'end', render: (_, p) => <span data-testid="point-persons">{count(p.persons)}</span> },
    { key: 'visitors', title: t('rounds.coverage.visitors'), align: 'end', responsive: ['sm'], render: (_, p) => count(p.visitors) },
    { key: 'last', title: t('rounds.page.lastScan'), responsive: ['md'], render: (_, p) => <span className="mono">{p.lastScanAt ? formatDateTime(p.lastScanAt) : t('common.none')}</span> },
    {
      key: 'scan',
      title: '',
      className: 'no-print',
      render: (_, p) =>
        round.status === 'open' && (
          <Link to={`/rounds/${round.id}/scan?point=${p.pointId}`} className="nowrap">
            <ScanOutlined /> {t('rounds.page.scan')}
          </Link>
        ),
    },
  ];
  return (
    <Card size="small" className="no-print" title={t('rounds.page.byPoint')} data-testid="round-points">
      {points.isError ? (
        <ErrorAlert error={points.error} onRetry={() => void points.refetch()} />
      ) : (
        <Table<TPointCounts>
          rowKey="pointId"
          size={tableSize}
          columns={columns}
          dataSource={points.data?.items ?? []}
          loading={points.isPending}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: t('rounds.page.noScans') }}
          onRow={(p) => ({ 'data-testid': `point-row-${p.pointId}`, 'data-point': p.name }) as HTMLAttributes<HTMLElement>}
        />
      )}
    </Card>
  );
}
