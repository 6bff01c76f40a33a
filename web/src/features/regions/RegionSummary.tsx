import { Card, Col, Row, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TRegionSummary } from '../../../../contracts/regions.ts';
import { formatCount } from '../../app/format.ts';

/** The region's name, level and code, and what lies inside it. */
export function RegionSummary({ region }: { region: TRegionSummary }) {
  const { t } = useTranslation();
  const stats = [
    ...(region.level === 'grid' ? [] : [{ key: 'children', title: t(`regions.childrenOf.${region.level}`), value: region.childCount }]),
    { key: 'buildings', title: t('regions.buildings'), value: region.buildingCount },
    { key: 'households', title: t('regions.households'), value: region.householdCount },
    { key: 'residents', title: t('regions.residents'), value: region.residentCount },
  ];
  return (
    <Card className="region-summary" data-testid="region-summary">
      <div className="region-summary-head">
        <Typography.Title level={4} data-testid="page-title">{region.name}</Typography.Title>
        <Tag color="geekblue">{t(`levels.${region.level}`)}</Tag>
        <Typography.Text type="secondary" className="mono">{t('regions.code')} {region.code}</Typography.Text>
      </div>
      <Row gutter={[16, 16]}>
        {stats.map((s) => (
          <Col key={s.key} xs={12} sm={6}>
            <Statistic title={s.title} value={s.value} formatter={(v) => formatCount(Number(v))} data-testid={`stat-${s.key}`} />
          </Col>
        ))}
      </Row>
    </Card>
  );
}
