import type { HTMLAttributes } from 'react';
import { Card, Table, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatCount } from '../../app/format.ts';
import { useIsPhone, useTableSize } from '../../app/useIsPhone.ts';
import { useRegion } from '../regions/api.ts';
import { RegionBreadcrumb } from '../regions/RegionBreadcrumb.tsx';
import { useCoverage, type TCoverageRow, type TRound } from './api.ts';
import { CoverageBar } from './CoverageBar.tsx';
import { UntestedList } from './UntestedList.tsx';

const count = (n: number, testId?: string) => <span className="mono" data-testid={testId}>{formatCount(n)}</span>;

/** Where a drill-down step goes: the round's page with the region in its address, so it can be shared and reloaded. */
const drillTo = (roundId: number, regionId: number | undefined) => `/rounds/${roundId}${regionId ? `?region=${regionId}` : ''}`;

/**
 * 检测进度 down the tree: district → towns → communities → grids, each with the share tested
 * (from the round's counters); a grid shows who is still untested.
 */
export function CoverageDrill({ round, regionId }: { round: TRound; regionId: number | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const tableSize = useTableSize();
  const report = useCoverage(round.id, regionId);
  const region = useRegion(regionId);
  const data = report.data;
  const isGrid = data?.parent?.level === 'grid';

  const nameCell = (r: TCoverageRow) => (
    <Link to={drillTo(round.id, r.id)} onClick={(e) => e.stopPropagation()} data-testid="coverage-name">{r.name}</Link>
  );
  const columns: TableColumnsType<TCoverageRow> = isPhone
    ? [
        { key: 'name', title: t('rounds.page.region'), render: (_, r) => nameCell(r) },
        { key: 'bar', title: t('rounds.coverage.share'), render: (_, r) => <CoverageBar coverage={r} testId="coverage-bar" /> },
      ]
    : [
        { key: 'name', title: t('rounds.page.region'), render: (_, r) => nameCell(r) },
        { key: 'shouldTest', title: t('rounds.coverage.shouldTest'), align: 'end', render: (_, r) => count(r.shouldTest, 'coverage-should-test') },
        { key: 'tested', title: t('rounds.coverage.tested'), align: 'end', render: (_, r) => count(r.tested, 'coverage-tested') },
        { key: 'untested', title: t('rounds.coverage.untested'), align: 'end', render: (_, r) => count(r.untested, 'coverage-untested') },
        { key: 'exempt', title: t('rounds.coverage.exempt'), align: 'end', render: (_, r) => count(r.exempt, 'coverage-exempt') },
        { key: 'bar', title: t('rounds.coverage.share'), render: (_, r) => <CoverageBar coverage={r} testId="coverage-bar" /> },
      ];

  const crumbs = region.data?.breadcrumb ?? [];
  return (
    <>
      <Card
        size="small"
        className="no-print"
        data-testid="coverage"
        data-region={data?.parent?.id}
        title={t('rounds.page.byRegion')}
        extra={data && <span className="coverage-head-bar"><CoverageBar coverage={data.total} testId="coverage-total" wide /></span>}
      >
        {crumbs.length > 0 && <RegionBreadcrumb crumbs={crumbs} linkTo={(id, i) => drillTo(round.id, i === 0 ? undefined : id)} />}
        {report.isError ? (
          <ErrorAlert error={report.error} onRetry={() => void report.refetch()} />
        ) : isGrid ? (
          <div className="coverage-grid" data-testid="coverage-grid" data-tested={data.total.tested}>
            <span>{t('rounds.coverage.shouldTest')} {count(data.total.shouldTest)}</span>
            <span>{t('rounds.coverage.tested')} {count(data.total.tested, 'grid-tested')}</span>
            <span>{t('rounds.coverage.untested')} {count(data.total.untested, 'grid-untested')}</span>
            <span>{t('rounds.coverage.exempt')} {count(data.total.exempt, 'grid-exempt')}</span>
          </div>
        ) : (
          <Table<TCoverageRow>
            data-testid="coverage-table"
            rowKey="id"
            size={tableSize}
            className="clickable-rows"
            columns={columns}
            dataSource={data?.rows ?? []}
            loading={report.isPending}
            scroll={isPhone ? undefined : { x: 'max-content' }}
            pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
            locale={{ emptyText: t('rounds.page.noRegions') }}
            onRow={(r) => ({ onClick: () => navigate(drillTo(round.id, r.id)), 'data-testid': `coverage-row-${r.id}`, 'data-name': r.name }) as HTMLAttributes<HTMLElement>}
          />
        )}
      </Card>
      {isGrid && regionId !== undefined && <UntestedList round={round} gridId={regionId} />}
    </>
  );
}
