import { useState, type HTMLAttributes } from 'react';
import { AlertOutlined } from '@ant-design/icons';
import { Button, Card, Table, Tag, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { TResponseSummary } from '../../../../contracts/responses.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { PageTitle } from '../../app/PageTitle.tsx';
import { useTableSize } from '../../app/useIsPhone.ts';
import { useMayCommand } from '../auth/api.ts';
import { useResponses } from './api.ts';
import { useRiskNames } from '../zones/levels.ts';
import { DeclareResponseDialog } from './DeclareResponseDialog.tsx';
import { STATUS_COLOURS } from './labels.ts';

/** Outbreak responses, newest first; the district command declares new ones here. */
export default function ResponsesPage() {
  const { t } = useTranslation();
  const { schemeName } = useRiskNames();
  const navigate = useNavigate();
  const mayCommand = useMayCommand();
  const responses = useResponses();
  const tableSize = useTableSize();
  const [declaring, setDeclaring] = useState(false);

  const columns: TableColumnsType<TResponseSummary> = [
    { key: 'code', title: t('responses.code'), dataIndex: 'code', render: (v: string) => <span className="mono response-code">{v}</span> },
    { key: 'name', title: t('responses.name'), render: (_, r) => <Link to={`/responses/${r.id}`} onClick={(e) => e.stopPropagation()}>{r.name}</Link> },
    { key: 'startedOn', title: t('responses.startedOn'), dataIndex: 'startedOn', render: (v: string) => <span className="mono">{v}</span> },
    { key: 'zoneScheme', title: t('responses.zoneScheme'), responsive: ['md'], render: (_, r) => schemeName(r.zoneScheme) },
    { key: 'status', title: t('responses.status'), render: (_, r) => <Tag color={STATUS_COLOURS[r.status]}>{t(`responses.statuses.${r.status}`)}</Tag> },
  ];

  return (
    <div className="page">
      <PageTitle
        extra={mayCommand && (
          <Button type="primary" danger icon={<AlertOutlined />} data-testid="declare-response" onClick={() => setDeclaring(true)}>
            {t('responses.declare')}
          </Button>
        )}
      >
        {t('responses.title')}
      </PageTitle>
      {responses.isError && <ErrorAlert error={responses.error} onRetry={() => void responses.refetch()} />}
      <Card size="small" className="section">
        <Table<TResponseSummary>
          data-testid="responses-table"
          rowKey="id"
          size={tableSize}
          className="clickable-rows"
          columns={columns}
          dataSource={responses.data?.items ?? []}
          loading={responses.isPending}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: t('responses.empty') }}
          onRow={(r) => ({ onClick: () => navigate(`/responses/${r.id}`), 'data-testid': `response-row-${r.code}` }) as HTMLAttributes<HTMLElement>}
        />
      </Card>
      {mayCommand && <DeclareResponseDialog open={declaring} onClose={() => setDeclaring(false)} />}
    </div>
  );
}
