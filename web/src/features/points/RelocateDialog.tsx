import { Alert, App, Button, Form, Input, InputNumber, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { useRelocatePoint, type TPoint } from './api.ts';

interface FormValues {
  address: string;
  lat?: number | null;
  lng?: number | null;
  reason: string;
}

/** Both coordinates or neither: the server refuses half a position. */
const bothOrNeither = (other: 'lat' | 'lng', message: string) => ({ getFieldValue }: { getFieldValue: (name: string) => unknown }) => ({
  validator: (_: unknown, value: number | null | undefined) => {
    const mine = value !== null && value !== undefined;
    const theirs = getFieldValue(other) !== null && getFieldValue(other) !== undefined;
    return mine === theirs ? Promise.resolve() : Promise.reject(new Error(message));
  },
});

function RelocateForm({ point, onDone }: { point: TPoint; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const relocate = useRelocatePoint();

  const onFinish = async (v: FormValues) => {
    const address = v.address.trim();
    const coords = v.lat != null && v.lng != null ? { lat: v.lat, lng: v.lng } : {};
    const moved = await relocate.mutateAsync({ id: point.id, body: { address, reason: v.reason.trim(), ...coords } }).catch(() => undefined);
    if (!moved) return;
    void message.success(t('points.relocate.done', { name: point.name, address }));
    onDone();
  };

  const note = point.status === 'open' || point.status === 'paused' ? 'points.relocate.noteRunning' : 'points.relocate.noteOther';
  return (
    <Form<FormValues> layout="vertical" requiredMark={false} onFinish={onFinish} data-testid="relocate-form">
      <Form.Item label={t('points.relocate.from')}>
        <span data-testid="relocate-from">{point.site.address}</span>
      </Form.Item>
      <Form.Item name="address" label={t('points.relocate.address')} rules={[{ required: true, whitespace: true, message: t('points.relocate.addressRequired') }]}>
        <Input data-testid="relocate-address" maxLength={200} placeholder={t('points.relocate.addressPlaceholder')} />
      </Form.Item>
      <div className="form-pair">
        <Form.Item name="lat" label={t('points.relocate.lat')} dependencies={['lng']} rules={[bothOrNeither('lng', t('points.relocate.coordsBoth'))]}>
          <InputNumber data-testid="relocate-lat" min={-90} max={90} step={0.00001} className="full-width" inputMode="decimal" placeholder="21.66" />
        </Form.Item>
        <Form.Item name="lng" label={t('points.relocate.lng')} dependencies={['lat']} rules={[bothOrNeither('lat', t('points.relocate.coordsBoth'))]}>
          <InputNumber data-testid="relocate-lng" min={-180} max={180} step={0.00001} className="full-width" inputMode="decimal" placeholder="110.91" />
        </Form.Item>
      </div>
      <Form.Item name="reason" label={t('points.relocate.reason')} rules={[{ required: true, whitespace: true, message: t('points.relocate.reasonRequired') }]}>
        <Input.TextArea data-testid="relocate-reason" maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} placeholder={t('points.relocate.reasonPlaceholder')} />
      </Form.Item>
      <Alert type="info" showIcon className="form-note" title={t(note)} />
      {relocate.isError && <ErrorAlert error={relocate.error} testId="relocate-error" />}
      <div className="dialog-actions">
        <Button onClick={onDone}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={relocate.isPending} data-testid="relocate-submit">{t('points.relocate.submit')}</Button>
      </div>
    </Form>
  );
}

/** 搬迁: the point moves with its team, tubes and history; residents see where it went. */
export function RelocateDialog({ point, open, onClose }: { point: TPoint; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal open={open} title={t('points.relocate.title', { name: point.name })} onCancel={onClose} footer={null} destroyOnHidden>
      <div data-testid="relocate-dialog">
        <RelocateForm key={point.id} point={point} onDone={onClose} />
      </div>
    </Modal>
  );
}
