import type { HTMLAttributes } from 'react';
import { Table, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { TRegionDetail } from '../../../../contracts/regions.ts';
import { formatCount } from '../../app/format.ts';
import { GridWorkers } from './GridWorkers.tsx';
import { useTableSize } from '../../app/useIsPhone.ts';

type Child = TRegionDetail['children'][number];

const count = (n: number) => formatCount(n);

/** The regions directly inside this one; a click on a row drills down. */
export function RegionChildrenTable({ items }: { items: Child[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const tableSize = useTableSize();
  const childLevel = items[0]?.level;
  const isGrids = childLevel === 'grid';

  const columns: TableColumnsType<Child> = [
    {
      key: 'name',
      title: t('regions.name'),
      fixed: 'start',
      render: (_, r) => <Link to={`/regions/${r.id}`} onClick={(e) => e.stopPropagation()}>{r.name}</Link>,
    },
    { key: 'code', title: t('regions.code'), dataIndex: 'code', responsive: ['md'], render: (v: string) => <span className="mono">{v}</span> },
    ...(childLevel && !isGrids
      ? [{ key: 'children', title: t(`regions.childrenOf.${childLevel}`), dataIndex: 'childCount', align: 'end', render: count } satisfies TableColumnsType<Child>[number]]
      : []),
    { key: 'buildings', title: t('regions.buildings'), dataIndex: 'buildingCount', align: 'end', render: count },
    { key: 'households', title: t('regions.households'), dataIndex: 'householdCount', align: 'end', render: count },
    { key: 'residents', title: t('regions.residents'), dataIndex: 'residentCount', align: 'end', render: count },
    ...(isGrids
      ? [{ key: 'gridWorkers', title: t('regions.gridWorkers'), render: (_: unknown, r: Child) => <GridWorkers workers={r.gridWorkers ?? []} /> } satisfies TableColumnsType<Child>[number]]
      : []),
  ];

  return (
    <Table<Child>
      data-testid="region-children"
      rowKey="id"
      size={tableSize}
      className="clickable-rows"
      columns={columns}
      dataSource={items}
      scroll={{ x: 'max-content' }}
      pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
      locale={{ emptyText: t('regions.noChildren') }}
      onRow={(r) => ({ onClick: () => navigate(`/regions/${r.id}`), 'data-testid': `region-row-${r.id}` }) as HTMLAttributes<HTMLElement>}
    />
  );
}
