import { useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TOrg } from '../../../../contracts/orgs.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { usePoints } from '../points/api.ts';
import { useRegion } from '../regions/api.ts';
import { useZones } from '../zones/api.ts';
import type { TCommandUnit } from '../responses/api.ts';
import { useCreateOrg } from './api.ts';

/** Where a branch works, as the select holds it: `command_unit:7`, `checkpoint:3`, `point:12`. */
type PlaceRef = `${'command_unit' | 'checkpoint' | 'point'}:${number}`;

interface FormValues {
  place: PlaceRef;
  name: string;
  communityId?: number;
}

interface Props {
  responseId: number;
  /** The district command and the command posts the branch may work at (besides checkpoints and points). */
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

/**
 * The places a branch may work at, grouped: the response's command units, the checkpoints of its
 * areas in force, and the sampling points not closed. Searchable by name, as there may be hundreds.
 */
function usePlaceOptions(responseId: number, units: TCommandUnit[]) {
  const { t } = useTranslation();
  const zones = useZones(responseId);
  const points = usePoints({});
  const checkpoints = (zones.data?.zones ?? []).filter((z) => z.active).flatMap((z) => z.checkpoints.map((c) => ({ ...c, zone: z.name })));
  const options = [
    { label: t('orgs.branch.groups.command_unit'), options: units.map((u) => ({ value: `command_unit:${u.id}`, label: u.name })) },
    { label: t('orgs.branch.groups.checkpoint'), options: checkpoints.map((c) => ({ value: `checkpoint:${c.id}`, label: `${c.name}（${c.zone}）` })) },
    { label: t('orgs.branch.groups.point'), options: (points.data?.items ?? []).filter((p) => p.status !== 'closed').map((p) => ({ value: `point:${p.id}`, label: p.name })) },
  ].filter((g) => g.options.length > 0);
  return { options, loading: zones.isPending || points.isPending };
}

function NewBranchForm({ responseId, units, onCreated, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const create = useCreateOrg();
  const [form] = Form.useForm<FormValues>();
  const [place, setPlace] = useState<PlaceRef>();
  const places = usePlaceOptions(responseId, units);
  const unitOf = (ref?: PlaceRef) => (ref?.startsWith('command_unit:') ? units.find((u) => u.id === Number(ref.split(':')[1])) : undefined);
  const unit = unitOf(place);

  const onFinish = async (v: FormValues) => {
    const [type, id] = v.place.split(':') as ['command_unit' | 'checkpoint' | 'point', string];
    const created = await create
      .mutateAsync({
        name: v.name.trim(),
        kind: 'temporary_branch',
        responseId,
        attachedTo: { type, id: Number(id) },
        // Where it sits decides who sees it and where its gaps are reported: the community chosen,
        // else the server places it (a post's town, a checkpoint's area, a point's community).
        regionId: v.communityId,
      })
      .catch(() => undefined);
    if (!created) return;
    void message.success(t('orgs.branch.created', { name: created.name }));
    onCreated(created);
  };

  return (
    <Form<FormValues> form={form} name="new-branch" layout="vertical" requiredMark={false} onFinish={onFinish} data-testid="branch-form">
      <Typography.Paragraph type="secondary">{t('orgs.branch.intro')}</Typography.Paragraph>
      <Form.Item name="place" label={t('orgs.branch.unit')} extra={t('orgs.branch.unitHelp')} rules={[{ required: true, message: t('orgs.branch.unitRequired') }]}>
        <Select<PlaceRef>
          data-testid="branch-unit"
          className="full-width"
          placeholder={t('orgs.branch.unitPlaceholder')}
          showSearch={{ optionFilterProp: 'label' }}
          loading={places.loading}
          onChange={(ref) => {
            setPlace(ref);
            form.setFieldValue('communityId', undefined);
          }}
          options={places.options}
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

/** 新建临时党支部 outside the declare flow: at a command unit or a checkpoint of this response, or at a sampling point. */
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
