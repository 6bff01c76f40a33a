import { useRef, useState } from 'react';
import { DeleteOutlined, DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Form, Input, InputNumber, Select, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { download } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { MATERIAL_REQUEST_STATUSES } from '../../../../contracts/materials.ts';
import { isOverdue, useCreateMaterialRequest, useMaterialRequests, type TItem, type TMaterialHolder, type TRequestStatus } from './api.ts';
import { useItemOptions } from './items.ts';
import { RequestCard } from './RequestCard.tsx';

const DUE_HOURS = [2, 4, 8, 24];

type RequestForm = { lines: Array<{ itemId?: number; quantity?: number }>; dueHours: number; note?: string };

/**
 * A request of several lines for one holder. Its client id lives until the server has it, so a send
 * retried after a lost answer files nothing twice; the next request gets a new one.
 */
function NewRequestForm({ holderId, items }: { holderId: number; items: TItem[] }) {
  const { t } = useTranslation();
  const create = useCreateMaterialRequest();
  const [form] = Form.useForm<RequestForm>();
  const options = useItemOptions(items);
  const clientId = useRef(crypto.randomUUID());
  const send = (v: RequestForm) =>
    create.mutate(
      {
        clientId: clientId.current,
        holderId,
        lines: v.lines.map((l) => ({ itemId: l.itemId!, quantity: l.quantity! })),
        dueAt: new Date(Date.now() + v.dueHours * 3600_000).toISOString(),
        note: v.note?.trim() ?? '',
      },
      {
        onSuccess: () => {
          clientId.current = crypto.randomUUID();
          form.resetFields();
        },
      },
    );
  return (
    <Card title={t('materials.request.title')} size="small" data-testid="material-request-form">
      {create.error && <ErrorAlert error={create.error} />}
      <Form form={form} layout="vertical" initialValues={{ lines: [{}], dueHours: 4 }} onFinish={send} className="mat-request-form">
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <div key={f.key} className="mat-form-line">
                  <Form.Item name={[f.name, 'itemId']} label={i === 0 ? t('materials.item') : undefined} rules={[{ required: true, message: t('materials.request.itemRequired') }]} className="mat-form-item">
                    <Select showSearch optionFilterProp="label" options={options} data-testid={i === 0 ? 'material-request-item' : `material-request-item-${i}`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'quantity']} label={i === 0 ? t('materials.quantity') : undefined} rules={[{ required: true, message: t('materials.request.quantityRequired') }]} className="mat-form-qty">
                    <InputNumber min={0} data-testid={i === 0 ? 'material-request-quantity' : `material-request-quantity-${i}`} />
                  </Form.Item>
                  {fields.length > 1 && (
                    <Button type="text" icon={<DeleteOutlined />} aria-label={t('materials.request.removeLine')} onClick={() => remove(f.name)} className="mat-form-remove" data-testid={`material-request-remove-${i}`} />
                  )}
                </div>
              ))}
              {fields.length < 50 && (
                <Button icon={<PlusOutlined />} onClick={() => add({})} data-testid="material-request-add-line" className="mat-form-add">{t('materials.request.addLine')}</Button>
              )}
            </>
          )}
        </Form.List>
        <div className="mat-form-foot">
          <Form.Item name="dueHours" label={t('materials.request.due')} className="mat-form-due">
            <Select options={DUE_HOURS.map((h) => ({ value: h, label: t('materials.request.dueHours', { count: h }) }))} data-testid="material-request-due" />
          </Form.Item>
          <Form.Item name="note" label={t('materials.note')} className="mat-form-note">
            <Input maxLength={500} data-testid="material-request-note" />
          </Form.Item>
        </div>
        <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="material-request-submit">{t('materials.request.submit')}</Button>
      </Form>
    </Card>
  );
}

/** 申领: the request form (for a holder that is not a warehouse), the export, and every request as a card, overdue ones first. */
export function RequestsTab({ holderId, items, warehouses, mayCommand }: { holderId: number | undefined; items: TItem[]; warehouses: TMaterialHolder[]; mayCommand: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [status, setStatus] = useState<TRequestStatus | undefined>();
  const requests = useMaterialRequests(status);
  const canRequest = holderId !== undefined && !warehouses.some((w) => w.id === holderId);
  const list = [...(requests.data?.items ?? [])].sort((a, b) => Number(isOverdue(b)) - Number(isOverdue(a)));
  return (
    <div className="mat-tab">
      {canRequest && <NewRequestForm holderId={holderId} items={items} />}
      <div className="mat-toolbar">
        <Select
          className="mat-status-filter"
          value={status ?? ''}
          onChange={(v: TRequestStatus | '') => setStatus(v || undefined)}
          options={[{ value: '', label: t('common.all') }, ...MATERIAL_REQUEST_STATUSES.map((s) => ({ value: s, label: t(`materials.requestStatus.${s}`) }))]}
          data-testid="material-request-filter"
        />
        <Button icon={<DownloadOutlined />} data-testid="material-export-requests" onClick={() => download('/materials/requests.xlsx', { status }, 'materials-requests.xlsx').catch((e: Error) => void message.error(e.message))}>
          {t('materials.exportRequests')}
        </Button>
      </div>
      {requests.error && <ErrorAlert error={requests.error} onRetry={() => void requests.refetch()} />}
      {requests.isLoading && <Spin />}
      {requests.data && list.length === 0 && <Empty description={t('materials.noRequests')} />}
      <div className="mat-requests" data-testid="material-requests">
        {list.map((r) => <RequestCard key={r.id} request={r} items={items} warehouses={warehouses} mayCommand={mayCommand} />)}
      </div>
    </div>
  );
}
