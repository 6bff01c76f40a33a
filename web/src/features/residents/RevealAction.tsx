import { EyeOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api.ts';
import { useReveal, useRevealed } from './api.ts';

/** Shows a resident's full ID number and phone after the user confirms that the view is audited. */
export function RevealAction({ residentId }: { residentId: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const revealed = useRevealed(residentId);
  const reveal = useReveal();

  if (revealed) return <Tag icon={<SafetyCertificateOutlined />} color="warning">{t('residents.revealed')}</Tag>;
  return (
    <Popconfirm
      title={t('residents.revealTitle')}
      description={<div className="reveal-note">{t('residents.revealAudit')}</div>}
      okText={t('residents.revealOk')}
      cancelText={t('residents.revealCancel')}
      onConfirm={() =>
        reveal.mutateAsync(residentId).catch((err: unknown) => {
          void message.error(err instanceof ApiError ? err.message : t('errors.network'));
        })
      }
    >
      <Button size="small" type="link" icon={<EyeOutlined />} loading={reveal.isPending} data-testid={`reveal-${residentId}`} onClick={(e) => e.stopPropagation()}>
        {t('residents.reveal')}
      </Button>
    </Popconfirm>
  );
}
