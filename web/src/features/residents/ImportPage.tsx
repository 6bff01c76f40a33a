import { useState } from 'react';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Progress, Segmented, Space, Spin, Typography, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TImportKind } from '../../../../contracts/residents.ts';
import { PageTitle } from '../../app/PageTitle.tsx';
import { templateUrl, useImport } from './api.ts';
import { ImportFailure, ImportReport } from './ImportOutcome.tsx';

const KINDS: TImportKind[] = ['residents', 'regions'];

function Templates({ kind }: { kind: TImportKind }) {
  const { t } = useTranslation();
  return (
    <Space wrap size="small" data-testid="import-templates">
      <Typography.Text type="secondary">{t('import.template')}:</Typography.Text>
      <a href={templateUrl(kind, 'xlsx')} download data-testid="template-xlsx"><DownloadOutlined /> {t('import.templateXlsx')}</a>
      <a href={templateUrl(kind, 'csv')} download data-testid="template-csv"><DownloadOutlined /> {t('import.templateCsv')}</a>
    </Space>
  );
}

/** Upload progress, then a spinner while the server reads and checks every row. */
function Working({ percent }: { percent: number }) {
  const { t } = useTranslation();
  if (percent < 100) {
    return (
      <div className="import-working" data-testid="import-progress">
        <Typography.Text>{t('import.uploading')}</Typography.Text>
        <Progress percent={percent} status="active" />
      </div>
    );
  }
  return (
    <div className="import-working" data-testid="import-processing">
      <Spin /> <Typography.Text>{t('import.processing')}</Typography.Text>
    </div>
  );
}

export default function ImportPage() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<TImportKind>('residents');
  const [dryRun, setDryRun] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [percent, setPercent] = useState(0);
  const upload = useImport();

  const choose = (next: File | null) => {
    setFile(next);
    upload.reset();
  };
  const start = () => {
    if (!file) return;
    setPercent(0);
    upload.mutate({ kind, file, dryRun, onProgress: setPercent });
  };

  return (
    <div className="page">
      <PageTitle>{t('import.title')}</PageTitle>
      <Card size="small" className="section">
        <Space orientation="vertical" size="middle" className="full-width">
          <Typography.Paragraph type="secondary" className="no-margin">{t('import.intro')}</Typography.Paragraph>
          <div className="field">
            <Typography.Text strong>{t('import.kind')}</Typography.Text>
            <Segmented<TImportKind>
              data-testid="import-kind"
              value={kind}
              disabled={upload.isPending}
              options={KINDS.map((k) => ({ value: k, label: t(`import.kinds.${k}`) }))}
              onChange={(k) => {
                setKind(k);
                upload.reset();
              }}
            />
            <Typography.Text type="secondary">{t(`import.kindHelp.${kind}`)}</Typography.Text>
          </div>
          <Templates kind={kind} />
          <Upload.Dragger
            data-testid="import-dragger"
            accept=".xlsx,.csv"
            name="file"
            maxCount={1}
            disabled={upload.isPending}
            beforeUpload={(f) => {
              choose(f);
              return false;
            }}
            onRemove={() => choose(null)}
            fileList={file ? [{ uid: 'chosen', name: file.name, size: file.size, status: 'done' }] : []}
          >
            <p className="ant-upload-drag-icon"><InboxOutlined /></p>
            <p className="ant-upload-text">{t('import.dragText')}</p>
            <p className="ant-upload-hint">{t('import.dragHint')}</p>
          </Upload.Dragger>
          <div className="import-actions">
            <Checkbox data-testid="import-dry-run" checked={dryRun} disabled={upload.isPending} onChange={(e) => setDryRun(e.target.checked)}>
              {t('import.dryRun')}
            </Checkbox>
            <Button type="primary" data-testid="import-submit" disabled={!file} loading={upload.isPending} onClick={start}>
              {dryRun ? t('import.startCheck') : t('import.start')}
            </Button>
          </div>
          {upload.isPending && <Working percent={percent} />}
        </Space>
      </Card>
      {upload.isSuccess && <Card size="small" className="section"><ImportReport report={upload.data} /></Card>}
      {upload.isError && <Card size="small" className="section"><ImportFailure error={upload.error} /></Card>}
    </div>
  );
}
