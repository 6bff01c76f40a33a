import { useState } from 'react';
import { LinkOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Popconfirm } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TRegionDetail } from '../../../../contracts/regions.ts';
import { ApiError } from '../../app/api.ts';
import { useMayCommand } from '../auth/api.ts';
import { useUnpair } from '../orgs/api.ts';
import { PairDialog } from '../orgs/PairDialog.tsx';

/** 结对包联: the party organisations paired with a village or community; none is a blank spot. */
export function PairedOrgsCard({ detail }: { detail: TRegionDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const mayCommand = useMayCommand();
  const unpair = useUnpair();
  const [pairing, setPairing] = useState(false);
  const { region, pairedOrgs } = detail;
  return (
    <Card
      size="small"
      className="section"
      data-testid="paired-orgs-card"
      title={<span>{t('regions.pairedOrgs')} <span className="card-hint">{t('regions.pairedOrgsHint')}</span></span>}
      extra={mayCommand && (
        <Button size="small" icon={<LinkOutlined />} data-testid="pair-org" onClick={() => setPairing(true)}>
          {t('regions.pairOrg')}
        </Button>
      )}
    >
      {pairedOrgs.length === 0 && <Alert type="error" showIcon className="blank-spot" title={t('regions.noPairing')} data-testid="no-pairing" />}
      {pairedOrgs.length > 0 && (
        <ul className="holders" data-testid="paired-orgs">
          {pairedOrgs.map((o) => (
            <li key={o.id} className="holder" data-testid={`paired-org-${o.id}`}>
              <span className="holder-name">{o.name}</span>
              {mayCommand && (
                <Popconfirm
                  title={t('orgs.unpairTitle', { org: o.name })}
                  okText={t('orgs.unpairOk')}
                  okButtonProps={{ danger: true, loading: unpair.isPending }}
                  onConfirm={() =>
                    unpair
                      .mutateAsync({ orgId: o.id, communityId: region.id })
                      .then(() => void message.success(t('orgs.unpaired', { org: o.name })))
                      .catch((err: unknown) => void message.error(err instanceof ApiError ? err.message : t('errors.network')))
                  }
                >
                  <Button size="small" type="link" danger className="holder-end" data-testid={`unpair-${o.id}`}>{t('orgs.unpair')}</Button>
                </Popconfirm>
              )}
            </li>
          ))}
        </ul>
      )}
      <PairDialog
        target={pairing ? { communityId: region.id, communityName: region.name, pairedOrgIds: pairedOrgs.map((o) => o.id) } : null}
        onClose={() => setPairing(false)}
      />
    </Card>
  );
}
