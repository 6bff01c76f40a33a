import { Alert, Col, Result, Row, Statistic, Table, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TImportReport, TImportRowError } from '../../../../contracts/residents.ts';
import { ApiError } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatCount } from '../../app/format.ts';

export function ImportReport({ report }: { report: TImportReport }) {
  const { t } = useTranslation();
  const stats = [
    { key: 'rows', value: report.rows, title: t('import.rows') },
    { key: 'inserted', value: report.inserted, title: t('import.inserted') },
    { key: 'updated', value: report.updated, title: t('import.updated') },
    { key: 'unchanged', value: report.unchanged, title: t('import.unchanged') },
  ];
  return (
    <Result
      data-testid="import-report"
      status={report.dryRun ? 'info' : 'success'}
      title={report.dryRun ? t('import.checkedTitle') : t('import.doneTitle')}
      extra={
        <Row gutter={[16, 16]} className="import-stats">
          {stats.map((s) => (
            <Col key={s.key} xs={12} sm={6}>
              <Statistic title={s.title} value={formatCount(s.value)} data-testid={`import-${s.key}`} />
            </Col>
          ))}
        </Row>
      }
    />
  );
}

function rowErrors(details: unknown): TImportRowError[] | undefined {
  const errors = (details as { errors?: unknown } | null | undefined)?.errors;
  return Array.isArray(errors) ? (errors as TImportRowError[]) : undefined;
}

/** Every bad row, as the spreadsheet numbers them, so the file can be fixed in one pass. */
function RowErrors({ errors }: { errors: TImportRowError[] }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<TImportRowError> = [
    { key: 'row', title: t('import.row'), dataIndex: 'row', align: 'end' },
    { key: 'column', title: t('import.column'), dataIndex: 'column' },
    { key: 'reason', title: t('import.reason'), dataIndex: 'reason', className: 'import-error-reason' },
    { key: 'value', title: t('import.value'), dataIndex: 'value', render: (v: string) => (v ? <span className="mono">{v}</span> : <span className="muted">{t('import.empty')}</span>) },
  ];
  return (
    <Table<TImportRowError>
      data-testid="import-errors"
      rowKey={(e) => `${e.row}:${e.column}:${e.reason}`}
      size="small"
      title={() => t('import.errorsTitle', { count: errors.length })}
      columns={columns}
      dataSource={errors}
      scroll={{ x: 'max-content' }}
      pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
    />
  );
}

export function ImportFailure({ error }: { error: unknown }) {
  const errors = error instanceof ApiError && error.status === 422 ? rowErrors(error.details) : undefined;
  if (!errors) return <ErrorAlert error={error} testId="import-message" />;
  return (
    <div className="import-failure">
      <Alert type="error" showIcon data-testid="import-message" title={error instanceof ApiError ? error.message : ''} />
      <RowErrors errors={errors} />
    </div>
  );
}
