import { Card, Col, Row, Skeleton, Statistic, Table, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { TBuildingDetail, TMaskedResident } from '../../../../contracts/regions.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatCount } from '../../app/format.ts';
import { PageTitle } from '../../app/PageTitle.tsx';
import { useResidentColumns } from '../residents/columns.tsx';
import { useBuilding } from './api.ts';
import { RegionBreadcrumb } from './RegionBreadcrumb.tsx';
import { useTableSize } from '../../app/useIsPhone.ts';

/** Residents door by door; the door cell spans the household's rows. */
function householdRows(detail: TBuildingDetail) {
  const rows: TMaskedResident[] = [];
  const span = new Map<number, number>();
  for (const h of detail.households) {
    h.residents.forEach((r, i) => span.set(r.id, i === 0 ? h.residents.length : 0));
    rows.push(...h.residents);
  }
  return { rows, span };
}

function Households({ detail }: { detail: TBuildingDetail }) {
  const { t } = useTranslation();
  const residentColumns = useResidentColumns({ withAddress: false });
  const tableSize = useTableSize();
  const { rows, span } = householdRows(detail);
  const columns: TableColumnsType<TMaskedResident> = [
    { key: 'door', title: t('building.door'), dataIndex: 'door', fixed: 'start', className: 'door-cell', onCell: (r) => ({ rowSpan: span.get(r.id) ?? 1 }) },
    ...residentColumns.map((c) => (c.key === 'name' ? { ...c, fixed: undefined } : c)),
  ];
  return (
    <Table<TMaskedResident>
      data-testid="building-residents"
      rowKey="id"
      size={tableSize}
      bordered
      columns={columns}
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      pagination={false}
      locale={{ emptyText: t('building.empty') }}
    />
  );
}

export default function BuildingPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const building = useBuilding(id);
  const detail = building.data;
  return (
    <div className="page">
      {building.isError && <ErrorAlert error={building.error} onRetry={() => void building.refetch()} />}
      {building.isPending && <Card><Skeleton active /></Card>}
      {detail && (
        <>
          <RegionBreadcrumb crumbs={detail.breadcrumb} current={detail.building.name} />
          <Card className="region-summary">
            <PageTitle>{detail.building.name}</PageTitle>
            <Row gutter={16}>
              <Col xs={12} sm={6}><Statistic title={t('building.households')} value={formatCount(detail.building.householdCount)} /></Col>
              <Col xs={12} sm={6}><Statistic title={t('building.residents')} value={formatCount(detail.building.residentCount)} /></Col>
            </Row>
          </Card>
          <Card size="small" className="section">
            <Households detail={detail} />
          </Card>
        </>
      )}
    </div>
  );
}
