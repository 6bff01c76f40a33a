import { useState } from 'react';
import { Button, Card, Form, InputNumber, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { PageTitle } from '../../app/PageTitle.tsx';
import { useTableSize } from '../../app/useIsPhone.ts';
import { useMayCommand } from '../auth/api.ts';
import { useBalances, useCreateMaterialRequest, useHolders, useItems, useMaterialRequests, useRequestStep, type TBalance, type TItem, type TMaterialRequest } from './api.ts';

/** An item's name in the user's language. */
function useItemName(items: TItem[] | undefined) {
  const { i18n } = useTranslation();
  const byId = new Map((items ?? []).map((i) => [i.id, i]));
  return (id: number | null) => {
    const item = id === null ? undefined : byId.get(id);
    if (!item) return '';
    return `${i18n.language === 'en' && item.nameEn ? item.nameEn : item.name} (${item.unit})`;
  };
}

/** A point chief asks for items for their point: one line at a time, a fresh client id per request. */
function RequestForm({ holderId, items }: { holderId: number; items: TItem[] }) {
  const { t } = useTranslation();
  const create = useCreateMaterialRequest();
  const [form] = Form.useForm<{ itemId: number; quantity: number }>();
  const itemName = useItemName(items);
  return (
    <Card title={t('materials.request.title')} size="small" data-testid="material-request-form">
      {create.error && <ErrorAlert error={create.error} />}
      <Form
        form={form}
        layout="inline"
        onFinish={(v) => create.mutate({ clientId: crypto.randomUUID(), holderId, lines: [{ itemId: v.itemId, quantity: v.quantity }], note: '' }, { onSuccess: () => form.resetFields() })}
      >
        <Form.Item name="itemId" label={t('materials.item')} rules={[{ required: true }]}>
          <Select style={{ minWidth: 200 }} data-testid="material-request-item" options={items.map((i) => ({ value: i.id, label: itemName(i.id) }))} showSearch optionFilterProp="label" />
        </Form.Item>
        <Form.Item name="quantity" label={t('materials.quantity')} rules={[{ required: true }]}>
          <InputNumber data-testid="material-request-quantity" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="material-request-submit">{t('materials.request.submit')}</Button>
      </Form>
    </Card>
  );
}

/**
 * 物资: balances per holder (now, from the running balances), a request form for a point chief, and
 * the requests: the command approves and dispatches from the district warehouse; the receiver confirms receipt.
 */
export default function MaterialsPage() {
  const { t } = useTranslation();
  const mayCommand = useMayCommand();
  const tableSize = useTableSize();
  const holders = useHolders();
  const items = useItems();
  const itemName = useItemName(items.data?.items);
  const warehouses = holders.data?.items.filter((h) => h.kind === 'warehouse') ?? [];
  const [picked, setPicked] = useState<number | undefined>();
  const holderId = mayCommand ? (picked ?? warehouses[0]?.id) : picked;
  const balances = useBalances(holderId);
  const requests = useMaterialRequests();
  const step = useRequestStep();
  const ownHolder = !mayCommand ? balances.data?.items[0]?.holderId : undefined;

  const balanceColumns: TableColumnsType<TBalance> = [
    { key: 'holder', title: t('materials.holder'), dataIndex: 'holderName' },
    { key: 'item', title: t('materials.item'), render: (_, b) => itemName(b.itemId) },
    { key: 'quantity', title: t('materials.balance'), align: 'end', render: (_, b) => <span data-testid={`balance-${b.itemCode}`}>{b.quantity}</span> },
  ];
  const requestColumns: TableColumnsType<TMaterialRequest> = [
    { key: 'holder', title: t('materials.holder'), dataIndex: 'holderName' },
    {
      key: 'lines',
      title: t('materials.lines'),
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          {r.lines.map((l) => (
            <span key={l.id}>
              {itemName(l.dispatchedItemId ?? l.itemId)}: {l.requested}
              {l.dispatched !== null && ` → ${l.dispatched}`}
              {l.received !== null && ` → ${l.received}`} <Tag>{t(`materials.lineStatus.${l.status}`)}</Tag>
            </span>
          ))}
        </Space>
      ),
    },
    { key: 'due', title: t('materials.due'), render: (_, r) => new Date(r.dueAt).toLocaleString() },
    { key: 'status', title: t('materials.status'), render: (_, r) => <Tag data-testid="material-request-status">{t(`materials.requestStatus.${r.status}`)}</Tag> },
    {
      key: 'act',
      title: '',
      render: (_, r) => (
        <Space>
          {mayCommand && r.status === 'requested' && (
            <Button size="small" data-testid="material-approve" loading={step.isPending} onClick={() => step.mutate({ id: r.id, step: 'approve' })}>{t('materials.approve')}</Button>
          )}
          {mayCommand && r.status === 'approved' && warehouses[0] && (
            <Button size="small" type="primary" data-testid="material-dispatch" loading={step.isPending} onClick={() => step.mutate({ id: r.id, step: 'dispatch', fromHolderId: warehouses[0].id })}>
              {t('materials.dispatch', { from: warehouses[0].name })}
            </Button>
          )}
          {r.status === 'dispatched' && (!mayCommand || r.holderId !== warehouses[0]?.id) && (
            <Button size="small" type="primary" data-testid="material-receipt" loading={step.isPending} onClick={() => step.mutate({ id: r.id, step: 'receipt' })}>{t('materials.confirmReceipt')}</Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div className="page">
      <PageTitle
        extra={mayCommand && (
          <Select
            style={{ minWidth: 240 }}
            showSearch
            optionFilterProp="label"
            data-testid="material-holder-select"
            value={holderId}
            onChange={setPicked}
            options={(holders.data?.items ?? []).map((h) => ({ value: h.id, label: h.name }))}
          />
        )}
      >
        {t('materials.title')}
      </PageTitle>
      {(balances.error || requests.error || step.error) && <ErrorAlert error={balances.error ?? requests.error ?? step.error} />}
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {!mayCommand && ownHolder && items.data && <RequestForm holderId={ownHolder} items={items.data.items} />}
        <Card title={t('materials.balances')} size="small">
          <Table rowKey={(b) => `${b.holderId}-${b.itemId}`} size={tableSize} columns={balanceColumns} dataSource={balances.data?.items ?? []} loading={balances.isLoading} pagination={false} data-testid="material-balances" />
        </Card>
        <Card title={t('materials.requests')} size="small">
          <Table rowKey="id" size={tableSize} columns={requestColumns} dataSource={requests.data?.items ?? []} loading={requests.isLoading} pagination={false} data-testid="material-requests" scroll={{ x: true }} />
        </Card>
      </Space>
    </div>
  );
}
