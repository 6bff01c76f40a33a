import { App, Button, Form, Input, InputNumber, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { RegionPicker } from '../regions/RegionPicker.tsx';
import { useCreatePoint } from './api.ts';
import { ServedRegionsSelect } from './ServedRegionsSelect.tsx';

/** HH:MM on a 24-hour clock, as the server takes opening hours. */
const HOUR = /^([01]\d|2[0-3]):[0-5]\d$/;

interface FormValues {
  name: string;
  regionId: number;
  address: string;
  desks: number;
  opensAt: string;
  closesAt: string;
  servedRegionIds: number[];
}

function NewPointForm({ onDone, onCreated }: { onDone: () => void; onCreated: (id: number) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const create = useCreatePoint();
  const [form] = Form.useForm<FormValues>();
  const regionId = Form.useWatch('regionId', form);

  const onFinish = async (v: FormValues) => {
    const created = await create
      .mutateAsync({ name: v.name.trim(), regionId: v.regionId, address: v.address.trim(), desks: v.desks, opensAt: v.opensAt, closesAt: v.closesAt, servedRegionIds: v.servedRegionIds })
      .catch(() => undefined);
    if (!created) return;
    void message.success(t('points.create.done', { name: created.name }));
    onCreated(created.id);
  };

  const hourRule = { pattern: HOUR, message: t('points.create.hourInvalid') };
  return (
    <Form<FormValues>
      form={form}
      name="new-point"
      layout="vertical"
      requiredMark={false}
      initialValues={{ desks: 1, opensAt: '08:00', closesAt: '20:00', servedRegionIds: [] }}
      onFinish={onFinish}
      // A point serves its own community until someone says otherwise.
      onValuesChange={(changed: Partial<FormValues>) => {
        if ('regionId' in changed && !form.isFieldTouched('servedRegionIds')) form.setFieldValue('servedRegionIds', changed.regionId ? [changed.regionId] : []);
      }}
      data-testid="point-form"
    >
      <Typography.Paragraph type="secondary">{t('points.create.intro')}</Typography.Paragraph>
      <Form.Item name="name" label={t('points.create.name')} rules={[{ required: true, whitespace: true, message: t('points.create.nameRequired') }]}>
        <Input data-testid="point-name" maxLength={100} placeholder={t('points.create.namePlaceholder')} />
      </Form.Item>
      <Form.Item name="regionId" label={t('points.create.community')} extra={t('points.create.communityHelp')} rules={[{ required: true, message: t('points.create.communityRequired') }]}>
        <RegionPicker testId="point-community" placeholder={t('points.create.communityPlaceholder')} />
      </Form.Item>
      <Form.Item name="address" label={t('points.create.address')} rules={[{ required: true, whitespace: true, message: t('points.create.addressRequired') }]}>
        <Input data-testid="point-address-input" maxLength={200} placeholder={t('points.create.addressPlaceholder')} />
      </Form.Item>
      <div className="form-trio">
        <Form.Item name="desks" label={t('points.create.desks')} rules={[{ required: true, message: t('points.create.desksRequired') }]}>
          <InputNumber data-testid="point-desks" min={1} max={200} precision={0} className="full-width" inputMode="numeric" />
        </Form.Item>
        <Form.Item name="opensAt" label={t('points.create.opensAt')} rules={[{ required: true, ...hourRule }]}>
          <Input data-testid="point-opens" maxLength={5} placeholder="08:00" className="mono" inputMode="numeric" />
        </Form.Item>
        <Form.Item name="closesAt" label={t('points.create.closesAt')} rules={[{ required: true, ...hourRule }]}>
          <Input data-testid="point-closes" maxLength={5} placeholder="20:00" className="mono" inputMode="numeric" />
        </Form.Item>
      </div>
      <Form.Item name="servedRegionIds" label={t('points.create.served')} extra={t('points.create.servedHelp')} rules={[{ required: true, type: 'array', min: 1, message: t('points.create.servedRequired') }]}>
        <ServedRegionsSelect communityId={regionId} />
      </Form.Item>
      {create.isError && <ErrorAlert error={create.error} testId="point-create-error" />}
      <div className="dialog-actions">
        <Button onClick={onDone}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="point-create-submit">{t('points.create.submit')}</Button>
      </div>
    </Form>
  );
}

/** 新建采样点: where it stands, its address, desks and hours, and the communities or grids it serves; it starts as planned. */
export function NewPointDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (id: number) => void }) {
  const { t } = useTranslation();
  return (
    <Modal open={open} title={t('points.create.title')} onCancel={onClose} footer={null} destroyOnHidden width={600}>
      <NewPointForm onDone={onClose} onCreated={onCreated} />
    </Modal>
  );
}
