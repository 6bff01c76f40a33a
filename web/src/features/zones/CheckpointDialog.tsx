import { App, Button, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { useAddCheckpoint, type TZone } from './api.ts';

interface FormValues {
  name: string;
  location?: string;
}

function CheckpointForm({ zone, onDone }: { zone: TZone; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const add = useAddCheckpoint();

  const onFinish = async (v: FormValues) => {
    const location = v.location?.trim();
    const created = await add.mutateAsync({ zoneId: zone.id, body: { name: v.name.trim(), location: location || undefined } }).catch(() => undefined);
    if (!created) return;
    void message.success(t('zones.checkpoint.done', { name: created.name }));
    onDone();
  };

  return (
    <Form<FormValues> layout="vertical" requiredMark={false} onFinish={onFinish} data-testid="checkpoint-form">
      <Form.Item name="name" label={t('zones.checkpoint.name')} rules={[{ required: true, whitespace: true, message: t('zones.checkpoint.nameRequired') }]}>
        <Input data-testid="checkpoint-name" maxLength={100} placeholder={t('zones.checkpoint.namePlaceholder')} />
      </Form.Item>
      <Form.Item name="location" label={t('zones.checkpoint.location')}>
        <Input data-testid="checkpoint-location" maxLength={200} placeholder={t('zones.checkpoint.locationPlaceholder')} />
      </Form.Item>
      {add.isError && <ErrorAlert error={add.error} testId="checkpoint-error" />}
      <div className="dialog-actions">
        <Button onClick={onDone}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={add.isPending} data-testid="checkpoint-submit">{t('zones.checkpoint.submit')}</Button>
      </div>
    </Form>
  );
}

/** 设置关卡: a checkpoint on the area's boundary; its roster is assigned from the area's card. */
export function CheckpointDialog({ zone, onClose }: { zone: TZone | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal open={zone !== undefined} title={zone ? t('zones.checkpoint.title', { name: zone.name }) : undefined} onCancel={onClose} footer={null} destroyOnHidden>
      {zone && (
        <div data-testid="checkpoint-dialog">
          <CheckpointForm key={zone.id} zone={zone} onDone={onClose} />
        </div>
      )}
    </Modal>
  );
}
