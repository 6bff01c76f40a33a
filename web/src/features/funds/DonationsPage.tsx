import { useEffect, useState } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, InputNumber, Modal, Radio, Select, Table, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { PageTitle } from '../../app/PageTitle.tsx';
import { useTableSize } from '../../app/useIsPhone.ts';
import { useHolders, useItems } from '../materials/api.ts';
import { useDonations, useFunds, useRecordDonation, yuan, type TDonation } from './api.ts';

interface Values {
  donorKind: 'person' | 'company' | 'deputy';
  donorName: string;
  phone?: string;
  what: 'money' | 'items';
  amountYuan?: number;
  fundId?: number;
  items?: Array<{ itemId?: number; quantity?: number }>;
  holderId?: number;
  public: boolean;
}

const itemsText = (d: TDonation) => d.items?.map((i) => `${i.name} ${i.quantity}${i.unit}`).join('、') ?? '';

function RecordDialog({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const funds = useFunds();
  const record = useRecordDonation();
  const [clientId] = useState(() => crypto.randomUUID());
  const [form] = Form.useForm<Values>();
  const what = Form.useWatch('what', form) ?? 'money';
  const lines = Form.useWatch('items', form) ?? [];
  // Donated items are catalogue items into a warehouse's stock (the materials ledger).
  const catalogue = useItems();
  const holders = useHolders();
  const warehouses = holders.data?.items.filter((h) => h.kind === 'warehouse') ?? [];
  const firstWarehouse = warehouses[0]?.id;
  useEffect(() => {
    if (firstWarehouse !== undefined && form.getFieldValue('holderId') === undefined) form.setFieldValue('holderId', firstWarehouse);
  }, [firstWarehouse, form, what]);
  const itemOf = (id: number | undefined) => catalogue.data?.items.find((i) => i.id === id);
  const itemName = (i: { name: string; nameEn: string }) => (i18n.language === 'en' && i.nameEn ? i.nameEn : i.name);
  const onFinish = async (v: Values) => {
    const body =
      v.what === 'money'
        ? { moneyFen: Math.round((v.amountYuan ?? 0) * 100), fundId: v.fundId }
        : { items: (v.items ?? []).map((l) => ({ itemId: l.itemId, quantity: l.quantity })), holderId: v.holderId };
    const done = await record
      .mutateAsync({ clientId, donorKind: v.donorKind, donorName: v.donorName.trim(), phone: v.phone?.trim() || undefined, public: v.public, ...body })
      .catch(() => undefined);
    if (!done) return;
    void message.success(t('donations.recorded', { ackNo: done.ackNo }));
    onClose();
  };
  return (
    <Modal open title={t('donations.record')} onCancel={onClose} footer={null} destroyOnHidden>
      <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={onFinish} initialValues={{ donorKind: 'deputy', what: 'money', public: true, items: [{ quantity: 1 }] }} data-testid="donation-form">
        <Form.Item name="donorKind" label={t('donations.donorKind')}>
          <Radio.Group data-testid="donation-kind" options={(['deputy', 'company', 'person'] as const).map((k) => ({ value: k, label: t(`donations.kinds.${k}`) }))} />
        </Form.Item>
        <Form.Item name="donorName" label={t('donations.donor')} rules={[{ required: true, whitespace: true }]}>
          <Input data-testid="donation-donor" maxLength={100} />
        </Form.Item>
        <Form.Item name="phone" label={t('donations.phone')}>
          <Input data-testid="donation-phone" maxLength={11} inputMode="tel" />
        </Form.Item>
        <Form.Item name="what" label={t('donations.what')}>
          <Radio.Group data-testid="donation-what" options={[{ value: 'money', label: t('donations.money') }, { value: 'items', label: t('donations.items') }]} />
        </Form.Item>
        {what === 'money' ? (
          <>
            <Form.Item name="amountYuan" label={t('donations.amount')} rules={[{ required: true }]}>
              <InputNumber data-testid="donation-amount" min={0.01} precision={2} className="full-width" inputMode="decimal" />
            </Form.Item>
            <Form.Item name="fundId" label={t('donations.fund')} rules={[{ required: true }]}>
              <Select data-testid="donation-fund" options={funds.data?.items.map((f) => ({ value: f.id, label: f.name })) ?? []} />
            </Form.Item>
          </>
        ) : (
          <>
            <Form.List name="items">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((f) => {
                    const item = itemOf(lines[f.name]?.itemId);
                    return (
                      <div className="donation-line" key={f.key} data-testid="donation-line">
                        <Form.Item name={[f.name, 'itemId']} className="donation-line-item" rules={[{ required: true, message: t('donations.itemRequired') }]}>
                          <Select
                            data-testid="donation-item"
                            placeholder={t('donations.itemName')}
                            showSearch={{ optionFilterProp: 'label' }}
                            loading={catalogue.isLoading}
                            options={catalogue.data?.items.map((i) => ({ value: i.id, label: `${itemName(i)}（${i.unit}）` })) ?? []}
                          />
                        </Form.Item>
                        <Form.Item name={[f.name, 'quantity']} className="donation-line-qty" rules={[{ required: true }]}>
                          <InputNumber min={item?.wholeUnits === false ? 0.001 : 1} precision={item?.wholeUnits === false ? 3 : 0} placeholder={t('donations.quantity')} className="full-width" inputMode="decimal" data-testid="donation-item-qty" />
                        </Form.Item>
                        <span className="donation-line-unit">{item?.unit ?? ''}</span>
                        {fields.length > 1 && <Button onClick={() => remove(f.name)}>{t('donations.removeItem')}</Button>}
                      </div>
                    );
                  })}
                  <Button className="donation-add-item" onClick={() => add({ quantity: 1 })} data-testid="donation-add-item">{t('donations.addItem')}</Button>
                </>
              )}
            </Form.List>
            <Form.Item name="holderId" label={t('donations.warehouse')} rules={[{ required: true, message: t('donations.warehouseRequired') }]}>
              <Select data-testid="donation-warehouse" loading={holders.isLoading} options={warehouses.map((h) => ({ value: h.id, label: h.name }))} />
            </Form.Item>
          </>
        )}
        <Form.Item name="public" label={t('donations.public')}>
          <Radio.Group options={[{ value: true, label: t('donations.publicYes') }, { value: false, label: t('donations.publicNo') }]} />
        </Form.Item>
        {record.isError && <ErrorAlert error={record.error} testId="donation-error" />}
        <div className="dialog-actions">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={record.isPending} data-testid="donation-submit">{t('donations.submit')}</Button>
        </div>
      </Form>
    </Modal>
  );
}

/** 捐赠登记: every donation with its acknowledgement number; record one and print its acknowledgement. */
export default function DonationsPage() {
  const { t } = useTranslation();
  const tableSize = useTableSize();
  const donations = useDonations();
  const [recording, setRecording] = useState(false);
  const columns: TableColumnsType<TDonation> = [
    { key: 'ack', title: t('donations.ackNo'), render: (_, d) => <Link to={`/donations/${d.id}/ack`} data-testid="donation-ack-link">{d.ackNo}</Link> },
    { key: 'donor', title: t('donations.donor'), render: (_, d) => <span data-testid="donation-row-donor">{d.donorName}</span> },
    { key: 'kind', title: t('donations.donorKind'), render: (_, d) => t(`donations.kinds.${d.donorKind}`) },
    { key: 'what', title: t('donations.what'), render: (_, d) => (d.moneyFen !== null ? `¥${yuan(d.moneyFen)}` : itemsText(d)) },
    { key: 'dest', title: t('donations.destination'), dataIndex: 'destination' },
    { key: 'at', title: t('donations.receivedAt'), render: (_, d) => new Date(d.receivedAt).toLocaleDateString('zh-CN') },
  ];
  return (
    <div data-testid="donations-page">
      <PageTitle extra={<><a href="/public/donations" target="_blank" rel="noreferrer">{t('donations.publicList')}</a><Button type="primary" icon={<PlusOutlined />} onClick={() => setRecording(true)} data-testid="donation-new">{t('donations.record')}</Button></>}>
        {t('donations.title')}
      </PageTitle>
      {donations.isError && <ErrorAlert error={donations.error} />}
      <Table<TDonation> data-testid="donations-table" rowKey="id" size={tableSize} columns={columns} dataSource={donations.data?.items ?? []} loading={donations.isLoading} pagination={{ pageSize: 50 }} scroll={{ x: 'max-content' }} />
      {recording && <RecordDialog onClose={() => setRecording(false)} />}
    </div>
  );
}
