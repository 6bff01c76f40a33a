import { Progress } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatCount } from '../../app/format.ts';

const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 100));

/** How far a notice has got: the acknowledged share in green over the read share. */
export function ReceiptProgress({ recipients, read, acknowledged, testId }: { recipients: number; read: number; acknowledged: number; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Progress
      data-testid={testId}
      className="receipt-progress"
      size="small"
      percent={percent(read, recipients)}
      success={{ percent: percent(acknowledged, recipients) }}
      format={() => `${formatCount(acknowledged)}/${formatCount(recipients)}`}
      aria-label={t('notices.progressLabel', { acknowledged, recipients })}
    />
  );
}
