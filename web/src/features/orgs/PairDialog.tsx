import { useState } from 'react';
import { App, Button, Form, Modal, Select, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TOrg } from '../../../../contracts/orgs.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { usePair, useOrgs, type TOrgKind } from './api.ts';

export const ORG_KIND_COLOURS: Record<TOrgKind, string> = {
  agency: 'blue',
  institution: 'cyan',
  enterprise: 'purple',
  village_branch: 'green',
  temporary_branch: 'orange',
};

/** The community an organisation is to be paired with. */
export interface PairTarget {
  communityId: number;
  communityName: string;
  /** Organisations paired with it already: not offered again. */
  pairedOrgIds: number[];
}

function PairForm({ target, onDone }: { target: PairTarget; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const orgs = useOrgs();
  const pair = usePair();
  const [orgId, setOrgId] = useState<number>();
  // Standing organisations only: a temporary branch serves its response, not a community.
  const candidates = (orgs.data?.items ?? []).filter((o) => o.kind !== 'temporary_branch' && !o.closed && !target.pairedOrgIds.includes(o.id));

  const onFinish = async () => {
    const org = candidates.find((o) => o.id === orgId);
    if (!org) return;
    const done = await pair.mutateAsync({ orgId: org.id, communityId: target.communityId }).then(() => true).catch(() => false);
    if (!done) return;
    void message.success(t('orgs.paired', { org: org.name, community: target.communityName }));
    onDone();
  };

  return (
    <Form layout="vertical" requiredMark={false} onFinish={onFinish} data-testid="pair-form">
      {orgs.isError && <ErrorAlert error={orgs.error} onRetry={() => void orgs.refetch()} />}
      <Form.Item name="orgId" label={t('orgs.org')} rules={[{ required: true, message: t('orgs.orgRequired') }]}>
        <Select<number, { value: number; label: string; org: TOrg }>
          data-testid="pair-org-select"
          className="full-width"
          placeholder={t('orgs.orgPlaceholder')}
          loading={orgs.isPending}
          showSearch={{ optionFilterProp: 'label' }}
          onChange={setOrgId}
          options={candidates.map((o) => ({ value: o.id, label: o.name, org: o }))}
          optionRender={({ data: { org } }) => (
            <div className="person-option" data-testid={`org-option-${org.id}`}>
              <span className="person-option-head">
                <span className="person-option-name">{org.name}</span>
                <Tag color={ORG_KIND_COLOURS[org.kind]}>{t(`orgs.kinds.${org.kind}`)}</Tag>
              </span>
              {org.pairedCommunities.length > 0 && (
                <span className="person-option-meta">
                  {t('orgs.pairedWith', { names: org.pairedCommunities.map((c) => c.name).join(t('common.listSeparator')) })}
                </span>
              )}
            </div>
          )}
        />
      </Form.Item>
      {pair.isError && <ErrorAlert error={pair.error} testId="pair-error" />}
      <div className="dialog-actions">
        <Button onClick={onDone}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={pair.isPending} data-testid="pair-submit">{t('orgs.submit')}</Button>
      </div>
    </Form>
  );
}

/** 结对包联: pairs a standing party organisation (agency, institution, enterprise) with a village or community. */
export function PairDialog({ target, onClose }: { target: PairTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal open={target !== null} title={target ? t('orgs.pairTitle', { community: target.communityName }) : undefined} onCancel={onClose} footer={null} destroyOnHidden>
      {target && (
        <div data-testid="pair-dialog">
          <PairForm target={target} onDone={onClose} />
        </div>
      )}
    </Modal>
  );
}
