import { Alert, Card, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { ReportInsCard } from '../reportins/ReportInsCard.tsx';
import { useRegion } from './api.ts';
import { AreaChiefsCard } from './AreaChiefsCard.tsx';
import { GridPanel } from './GridPanel.tsx';
import { PairedOrgsCard } from './PairedOrgsCard.tsx';
import { RegionBreadcrumb } from './RegionBreadcrumb.tsx';
import { RegionChildrenTable } from './RegionChildrenTable.tsx';
import { RegionSearch } from './RegionSearch.tsx';
import { RegionSummary } from './RegionSummary.tsx';

function parseId(raw: string | undefined): number | undefined {
  const n = Number(raw);
  return raw !== undefined && Number.isInteger(n) && n > 0 ? n : undefined;
}

/** District → town → community → grid, with counts at every level and blank spots in red. */
export default function RegionBrowserPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const region = useRegion(parseId(id));
  const detail = region.data;
  const blankGrids = detail?.children.filter((c) => c.level === 'grid' && (c.gridWorkers ?? []).length === 0).length ?? 0;

  return (
    <div className="page">
      <div className="toolbar">
        <RegionSearch />
      </div>
      {region.isError && <ErrorAlert error={region.error} onRetry={() => void region.refetch()} />}
      {region.isPending && <Card><Skeleton active /></Card>}
      {detail && (
        <>
          <RegionBreadcrumb crumbs={detail.breadcrumb} />
          <RegionSummary region={detail.region} />
          {detail.region.level === 'town' && <AreaChiefsCard detail={detail} />}
          {detail.region.level === 'community' && <PairedOrgsCard detail={detail} />}
          {detail.region.level === 'community' && <ReportInsCard detail={detail} />}
          {detail.region.level === 'grid' ? (
            <GridPanel detail={detail} />
          ) : (
            <Card size="small" className="section" title={t(`regions.childrenOf.${detail.region.level}`)} extra={<span className="muted">{t('regions.drillHint')}</span>}>
              {blankGrids > 0 && <Alert type="error" showIcon className="blank-spot" title={t('regions.blankCount', { count: blankGrids })} />}
              <RegionChildrenTable items={detail.children} />
            </Card>
          )}
        </>
      )}
    </div>
  );
}
