import type { HTMLAttributes } from 'react';
import { Card, Table, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { TRegionDetail } from '../../../../contracts/regions.ts';
import { formatCount } from '../../app/format.ts';
import { GridWorkersCard } from './GridWorkersCard.tsx';
import { useTableSize } from '../../app/useIsPhone.ts';

type Building = TRegionDetail['buildings'][number];

/** A grid: who answers for it, and its buildings. */
export function GridPanel({ detail }: { detail: TRegionDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const tableSize = useTableSize();
  const columns: TableColumnsType<Building> = [
    { key: 'name', title: t('regions.name'), render: (_, b) => <Link to={`/buildings/${b.id}`} onClick={(e) => e.stopPropagation()}>{b.name}</Link> },
    { key: 'households', title: t('regions.households'), dataIndex: 'householdCount', align: 'end', render: formatCount },
    { key: 'residents', title: t('regions.residents'), dataIndex: 'residentCount', align: 'end', render: formatCount },
  ];
  return (
    <>
      <GridWorkersCard detail={detail} />
      <Card title={t('regions.buildings')} size="small" className="section">
        <Table<Building>
          data-testid="grid-buildings"
          rowKey="id"
          size={tableSize}
          className="clickable-rows"
          columns={columns}
          dataSource={detail.buildings}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: t('regions.noBuildings') }}
          onRow={(b) => ({ onClick: () => navigate(`/buildings/${b.id}`), 'data-testid': `building-row-${b.id}` }) as HTMLAttributes<HTMLElement>}
        />
      </Card>
    </>
  );
}
