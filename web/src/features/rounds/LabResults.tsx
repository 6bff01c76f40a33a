import { useState, type HTMLAttributes } from 'react';
import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Progress, Row, Statistic, Table, Tag, Upload, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatCount, formatDateTime } from '../../app/format.ts';
import { useTableSize } from '../../app/useIsPhone.ts';
import { useMayCommand } from '../auth/api.ts';
import { useRecalls, useUploadResults, type TRecall, type TResultsReport, type TRound } from './api.ts';
import { RECALL_STATUS_COLOURS } from './labels.ts';

const FIGURES = ['tubesWithResult', 'positivePools', 'recallsOpen', 'cleared', 'confirmed'] as const;

/** A problem the server names: a tube (unknown, result differs) or a row whose result it cannot read. */
type Problem = { tube?: string; row?: number; message: string };

function problemsOf(error: unknown): Problem[] {
  const problems = error instanceof ApiError ? (error.details as { problems?: unknown } | null | undefined)?.problems : undefined;
  return Array.isArray(problems) ? (problems as Problem[]) : [];
}

function Outcome({ report }: { report: TResultsReport }) {
  const { t } = useTranslation();
  return (
    <Alert
      type={report.recalled > 0 || report.confirmed > 0 ? 'warning' : 'success'}
      showIcon
      data-testid="results-outcome"
      data-recalled={report.recalled}
      title={t('rounds.results.outcome', { recorded: report.recorded, positive: report.positive })}
      description={
        <span className="tags">
          <Tag color="warning" data-testid="results-recalled">{t('rounds.results.recalled', { count: report.recalled })}</Tag>
          <Tag color="success" data-testid="results-cleared">{t('rounds.results.clearedN', { count: report.cleared })}</Tag>
          <Tag color="error" data-testid="results-confirmed">{t('rounds.results.confirmedN', { count: report.confirmed })}</Tag>
        </span>
      }
    />
  );
}

function Failure({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const problems = problemsOf(error);
  return (
    <div className="results-failure" data-testid="results-failure">
      <ErrorAlert error={error} testId="results-error" />
      {problems.length > 0 && (
        <ul className="results-problems" data-testid="results-problems">
          {problems.map((p, i) => (
            <li key={`${p.tube ?? p.row ?? ''}:${i}`} data-testid="results-problem">
              {p.tube !== undefined ? p.message : t('rounds.results.badRow', { row: p.row, value: p.message })}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A lab's result file, read by the server all or nothing. */
function UploadResults({ round }: { round: TRound }) {
  const { t } = useTranslation();
  const [percent, setPercent] = useState(0);
  const upload = useUploadResults(round.id);
  return (
    <div className="results-upload" data-testid="results-upload">
      <div className="sweep-toolbar">
        <Upload
          accept=".xlsx,.csv"
          name="file"
          showUploadList={false}
          disabled={upload.isPending}
          beforeUpload={(file) => {
            setPercent(0);
            upload.mutate({ file, onProgress: setPercent });
            return false;
          }}
        >
          <Button type="primary" icon={<UploadOutlined />} loading={upload.isPending} data-testid="results-upload-button">
            {t('rounds.results.upload')}
          </Button>
        </Upload>
        {upload.isPending && percent < 100 && <Progress className="results-progress" percent={percent} size="small" status="active" />}
      </div>
      <div className="muted">{t('rounds.results.uploadHelp')}</div>
      {upload.isSuccess && <Outcome report={upload.data} />}
      {upload.isError && <Failure error={upload.error} />}
    </div>
  );
}

/**
 * 检测结果: the lab's results so far, uploading a result file (the command), and the people recalled
 * from positive pools for single-tube retests (阳性混管复核) with how their retests came out.
 */
export function LabResults({ round }: { round: TRound }) {
  const { t } = useTranslation();
  const mayCommand = useMayCommand();
  const tableSize = useTableSize();
  const recalls = useRecalls(round.id);

  const columns: TableColumnsType<TRecall> = [
    {
      key: 'status',
      title: t('rounds.results.status'),
      render: (_, r) => <Tag color={RECALL_STATUS_COLOURS[r.status]} data-testid="recall-status" data-status={r.status}>{t(`rounds.results.statuses.${r.status}`)}</Tag>,
    },
    { key: 'name', title: t('rounds.untested.name'), dataIndex: 'name', render: (v: string) => <span className="nowrap" data-testid="recall-name">{v}</span> },
    { key: 'idNumber', title: t('rounds.untested.idNumber'), dataIndex: 'idNumber', render: (v: string) => <span className="mono">{v}</span> },
    { key: 'phone', title: t('rounds.untested.phone'), dataIndex: 'phone', render: (v: string | null) => <span className="mono">{v ?? t('common.none')}</span> },
    { key: 'where', title: t('rounds.results.where'), dataIndex: 'where', render: (v: string) => <span className="nowrap">{v}</span> },
    { key: 'pool', title: t('rounds.results.poolCode'), dataIndex: 'poolCode', render: (v: string) => <span className="mono" data-testid="recall-pool">{v}</span> },
    { key: 'retest', title: t('rounds.results.retestCode'), dataIndex: 'retestCode', render: (v: string | null) => <span className="mono">{v ?? t('common.none')}</span> },
    { key: 'createdAt', title: t('rounds.results.recalledAt'), responsive: ['md'], render: (_, r) => <span className="mono nowrap">{formatDateTime(r.createdAt)}</span> },
  ];

  return (
    <div className="results-panel" data-testid="lab-results">
      <Card size="small" title={t('rounds.results.title')}>
        <Row gutter={[12, 12]} className="results-figures">
          {FIGURES.map((k) => (
            <Col key={k} xs={8} sm={8} lg={4}>
              <Statistic title={t(`rounds.results.${k}`)} value={round.results[k]} formatter={(v) => formatCount(Number(v))} data-testid={`results-${k}`} />
            </Col>
          ))}
        </Row>
        {mayCommand && <UploadResults round={round} />}
      </Card>
      <Card size="small" title={t('rounds.results.recalls')} data-testid="recalls">
        {recalls.isError ? (
          <ErrorAlert error={recalls.error} onRetry={() => void recalls.refetch()} />
        ) : (
          <Table<TRecall>
            data-testid="recalls-table"
            rowKey="id"
            size={tableSize}
            columns={columns}
            dataSource={recalls.data?.items ?? []}
            loading={recalls.isPending}
            scroll={{ x: 'max-content' }}
            pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
            locale={{ emptyText: t('rounds.results.none') }}
            onRow={(r) => ({ 'data-testid': `recall-row-${r.id}`, 'data-status': r.status }) as HTMLAttributes<HTMLElement>}
          />
        )}
      </Card>
    </div>
  );
}
