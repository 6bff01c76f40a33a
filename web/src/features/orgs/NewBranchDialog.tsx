import { useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TOrg } from '../../../../contracts/orgs.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { useRegion } from '../regions/api.ts';
import type { TCommandUnit } from '../responses/api.ts';
import { useCreateOrg } from './api.ts';

interface FormValues {
  unitId: number;
  name: string;
  communityId?: number;
}

interface Props {
  responseId: number;
  /** The district command and the command posts the branch may work at. */
  units: TCommandUnit[];
  /** Called with the new branch, to appoint its secretary next. */
  onCreated: (org: TOrg) => void;
  onClose: () => void;
}

/** The villages and communities of a command post's town, where a branch may sit (e.g. inside a sealed building). */
function CommunitySelect({ townId, value, onChange }: { townId: number; value?: number; onChange?: (id: number | undefined) => void }) {
  const { t } = useTranslation();
  const town = useRegion(townId);
  const communities = town.data?.region.level === 'town' ? town.data.children : [];
  return (
    <Select<number>
      data-testid="branch-community"
      className="full-width"
      allowClear
      value={value}
      onChange={onChange}
      loading={town.isPending}
      placeholder={t('orgs.branch.communityPlaceholder')}
      showSearch={{ optionFilterProp: 'label' }}
      options={communities.map((c) => ({ value: c.id, label: c.name }))}
    />
  );
}

function NewBranchForm({ responseId, units, onCreated, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const create = useCreateOrg();
  const [form] = Form.useForm<FormValues>();
  const [unitId, setUnitId] = useState<number>();
  const unit = units.find((u) => u.id === unitId);

  const onFinish = async (v: FormValues) => {
    const at = units.find((u) => u.id === v.unitId);
    if (!at) return;
    const created = await create
      .mutateAsync({
        name: v.name.trim(),
        kind: 'temporary_branch',
        responseId,
        attachedTo: { type: 'command_unit', id: at.id },
        // Where it sits decides who sees it and where its gaps are reported: the community, else the post's town.
        regionId: v.communityId ?? (at.kind === 'command_post' ? at.region.id : undefined),
      })
      .catch(() => undefined);
    if (!created) return;
    void message.success(t('orgs.branch.created', { name: created.name }));
    onCreated(created);
  };

  return (
    <Form<FormValues> form={form} name="new-branch" layout="vertical" requiredMark={false} onFinish={onFinish} data-testid="branch-form">
      <Typography.Paragraph type="secondary">{t('orgs.branch.intro')}</Typography.Paragraph>
      <Form.Item name="unitId" label={t('orgs.branch.unit')} extra={t('orgs.branch.unitHelp')} rules={[{ required: true, message: t('orgs.branch.unitRequired') }]}>
        <Select<number>
          data-testid="branch-unit"
          className="full-width"
          placeholder={t('orgs.branch.unitPlaceholder')}
          onChange={(id) => {
            setUnitId(id);
            form.setFieldValue('communityId', undefined);
          }}
          options={units.map((u) => ({ value: u.id, label: u.name }))}
        />
      </Form.Item>
      <Form.Item name="name" label={t('orgs.branch.name')} rules={[{ required: true, whitespace: true, min: 2, message: t('orgs.branch.nameRequired') }]}>
        <Input data-testid="branch-name" maxLength={100} placeholder={t('orgs.branch.namePlaceholder')} />
      </Form.Item>
      {unit?.kind === 'command_post' && (
        <Form.Item name="communityId" label={t('orgs.branch.community')} extra={t('orgs.branch.communityHelp')}>
          <CommunitySelect townId={unit.region.id} />
        </Form.Item>
      )}
      <Alert type="info" showIcon className="form-note" title={t('orgs.branch.sizeRule')} />
      {create.isError && <ErrorAlert error={create.error} testId="branch-error" />}
      <div className="dialog-actions">
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="branch-submit">{t('orgs.branch.submit')}</Button>
      </div>
    </Form>
  );
}

/** 新建临时党支部 outside the declare flow: at the district command or a command post of this response. */
export function NewBranchDialog({ open, ...props }: Props & { open: boolean }) {
  const { t } = useTranslation();
  return (
    <Modal open={open} title={t('orgs.branch.title')} onCancel={props.onClose} footer={null} destroyOnHidden>
      <div data-testid="branch-dialog">
        <NewBranchForm {...props} />
      </div>
    </Modal>
  );
}
