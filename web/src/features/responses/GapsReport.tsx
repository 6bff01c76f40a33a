import { useState, type HTMLAttributes } from 'react';
import { CheckCircleOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, Card, Col, Row, Skeleton, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatCount } from '../../app/format.ts';
import { useIsPhone, useTableSize } from '../../app/useIsPhone.ts';
import { useGaps, type TGap, type TGapKind } from './api.ts';
import { GAP_KIND_LIST, GAP_KINDS } from './labels.ts';

/** 空白点、薄弱点: counts by kind (a click filters), then every gap with the server's fix and a link to where it is fixed. */
export function GapsReport({ responseId }: { responseId: number }) {
  const { t } = useTranslation();
  const gaps = useGaps(responseId);
  const tableSize = useTableSize();
  const isPhone = useIsPhone();
  const [kind, setKind] = useState<TGapKind | null>(null);
  const report = gaps.data;
  const items = report?.items.filter((g) => kind === null || g.kind === kind) ?? [];

  const kindTag = (g: TGap) => <Tag color={GAP_KINDS[g.kind] === 'blank' ? 'red' : 'orange'}>{t(`gaps.${GAP_KINDS[g.kind]}`)}</Tag>;
  const fixLink = (g: TGap) => (
    <Link to={g.fixUrl} className="nowrap" data-testid={`gap-fix-${g.kind}-${g.unitId}`}>
      {t('gaps.go')} <RightOutlined />
    </Link>
  );
  // A phone has room for two columns: what and where in one, the way to fix it in the other.
  const columns: TableColumnsType<TGap> = isPhone
    ? [
        {
          key: 'gap',
          title: t('gaps.name'),
          render: (_, g) => (
            <div className="gap-cell">
              <span className="gap-cell-head">{kindTag(g)}<span className="gap-name">{g.name}</span></span>
              <span className="muted">{[g.where, g.fix].filter(Boolean).join(' · ')}</span>
            </div>
          ),
        },
        { key: 'go', title: '', render: (_, g) => fixLink(g) },
      ]
    : [
        { key: 'kind', title: t('gaps.kind'), render: (_, g) => kindTag(g) },
        { key: 'name', title: t('gaps.name'), render: (_, g) => <span className="gap-name">{g.name}</span> },
        { key: 'where', title: t('gaps.where'), render: (_, g) => g.where || t('common.none') },
        { key: 'fix', title: t('gaps.fix'), dataIndex: 'fix' },
        { key: 'go', title: '', fixed: 'end', render: (_, g) => fixLink(g) },
      ];

  if (gaps.isError) return <ErrorAlert error={gaps.error} onRetry={() => void gaps.refetch()} />;
  if (!report) return <Card><Skeleton active /></Card>;
  return (
    <div className="gaps" data-testid="gaps">
      <Typography.Paragraph type="secondary" className="no-margin">{t('gaps.intro')}</Typography.Paragraph>
      <Row gutter={[12, 12]} className="gap-counts">
        {GAP_KIND_LIST.map((k) => {
          const n = report.byKind[k] ?? 0;
          const selected = kind === k;
          return (
            <Col key={k} xs={12} sm={8} xl={4}>
              <Card
                size="small"
                hoverable={n > 0}
                className={`gap-count${n > 0 ? ' gap-count-open' : ''}${selected ? ' gap-count-selected' : ''}`}
                onClick={() => n > 0 && setKind(selected ? null : k)}
                aria-pressed={selected}
              >
                <Statistic title={t(`gaps.kinds.${k}`)} value={n} formatter={(v) => formatCount(Number(v))} data-testid={`gap-${k}`} />
              </Card>
            </Col>
          );
        })}
      </Row>
      {report.total === 0 ? (
        <Alert type="success" showIcon icon={<CheckCircleOutlined />} title={t('gaps.none')} data-testid="gaps-none" />
      ) : (
        <Card
          size="small"
          title={kind ? t(`gaps.kinds.${kind}`) : t('gaps.title')}
          extra={<span className="muted">{t('gaps.total', { count: items.length })}</span>}
        >
          <Table<TGap>
            data-testid="gaps-report"
            rowKey={(g) => `${g.unitType}:${g.unitId}:${g.kind}`}
            size={tableSize}
            columns={columns}
            dataSource={items}
            loading={gaps.isFetching}
            scroll={isPhone ? undefined : { x: 'max-content' }}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
            onRow={(g) => ({ 'data-testid': `gap-row-${g.kind}-${g.unitId}` }) as HTMLAttributes<HTMLElement>}
          />
        </Card>
      )}
    </div>
  );
}
