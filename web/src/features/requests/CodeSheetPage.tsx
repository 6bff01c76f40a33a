import { PrinterOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, QRCode, Skeleton, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { PageTitle } from '../../app/PageTitle.tsx';
import { useCodeSheet, useIssueCodes, useRevokeCodes } from './api.ts';

const codeUrl = (code: string) => `${window.location.origin}/h/${code}`;

/**
 * 户码 — the printable sheet of a building: one QR per door, each leading to that household's page,
 * and one for the building's door (the resident types their door). Issue, print, revoke a lost sheet.
 */
export default function CodeSheetPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const buildingId = Number(useParams().id);
  const sheet = useCodeSheet(buildingId);
  const issue = useIssueCodes();
  const revoke = useRevokeCodes();
  const fail = (e: Error) => void message.error(e.message);
  const data = sheet.data;
  const issued = data ? data.doors.filter((d) => d.code).length : 0;

  return (
    <div data-testid="code-sheet">
      <div className="no-print">
        <PageTitle extra={
          <Space wrap>
            <Button data-testid="codes-issue" loading={issue.isPending}
              onClick={() => issue.mutate({ buildingId, per: 'household', validDays: 30 }, { onSuccess: (r) => void message.success(t('requests.codes.issued', { count: r.issued })), onError: fail })}>
              {t('requests.codes.issueDoors')}
            </Button>
            <Button loading={issue.isPending}
              onClick={() => issue.mutate({ buildingId, per: 'building', validDays: 30 }, { onSuccess: (r) => void message.success(t('requests.codes.issued', { count: r.issued })), onError: fail })}>
              {t('requests.codes.issueBuilding')}
            </Button>
            <Button danger loading={revoke.isPending}
              onClick={() => modal.confirm({ title: t('requests.codes.revokeConfirm'), onOk: () => revoke.mutateAsync(buildingId).then((r) => void message.success(t('requests.codes.revoked', { count: r.revoked })), fail) })}>
              {t('requests.codes.revoke')}
            </Button>
            <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} disabled={!issued}>{t('requests.codes.print')}</Button>
          </Space>
        }>{t('requests.codes.title')}</PageTitle>
      </div>
      {sheet.isError && <ErrorAlert error={sheet.error} onRetry={() => void sheet.refetch()} />}
      {sheet.isPending && <Card><Skeleton active /></Card>}
      {data && (
        <>
          <h2 className="code-sheet-title">{data.where} / {data.building}</h2>
          <p className="muted">{t('requests.codes.howTo')}</p>
          {data.buildingCode && (
            <div className="code-card code-card-building" data-testid="code-building">
              <QRCode value={codeUrl(data.buildingCode.code)} size={160} />
              <strong>{t('requests.codes.buildingDoor', { building: data.building })}</strong>
            </div>
          )}
          {issued === 0 && <Empty description={t('requests.codes.none')} />}
          <div className="code-grid">
            {data.doors.filter((d) => d.code).map((d) => (
              <div className="code-card" key={d.householdId} data-testid={`code-door-${d.door}`} data-url={codeUrl(d.code!)}>
                <QRCode value={codeUrl(d.code!)} size={140} />
                <strong>{data.building} {d.door}</strong>
                <span className="muted">{t('requests.codes.scan')}</span>
              </div>
            ))}
          </div>
        </>
      )}
    </div>
  );
}
