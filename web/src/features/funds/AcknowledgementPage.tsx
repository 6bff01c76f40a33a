import { PrinterOutlined } from '@ant-design/icons';
import { Button, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { useAcknowledgement } from './api.ts';

/** 捐赠回执: one printable page with the acknowledgement number, the donor, what was given and where it went. */
export default function AcknowledgementPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const ack = useAcknowledgement(id);
  if (ack.isLoading) return <Spin />;
  if (ack.isError) return <ErrorAlert error={ack.error} />;
  const a = ack.data!;
  return (
    <div className="ack-page" data-testid="ack-page">
      <div className="no-print"><Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="ack-print">{t('donations.print')}</Button></div>
      <h2 className="ack-title">{a.title}</h2>
      <p className="ack-no" data-testid="ack-no">{t('donations.ackNo')}：{a.ackNo}</p>
      <p className="ack-text" data-testid="ack-text">{a.text}</p>
      <p className="ack-issuer">{a.issuer}</p>
      <p className="ack-date">{new Date(a.receivedAt).toLocaleDateString('zh-CN')}</p>
    </div>
  );
}
