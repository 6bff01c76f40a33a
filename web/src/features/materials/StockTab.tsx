import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, InputNumber, Select, Table, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { download } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { useTableSize } from '../../app/useIsPhone.ts';
import { useCount, useWriteOff, type TBalance, type TItem } from './api.ts';
import { useItemName, useItemOptions } from './items.ts';

/** 盘点: what was found; the server records the difference from the books. */
function CountForm({ holderId, items }: { holderId: number; items: TItem[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const count = useCount();
  const [form] = Form.useForm<{ itemId: number; counted: number; reason?: string }>();
  const itemName = useItemName(items);
  return (
    <Card size="small" title={t('materials.count.title')} data-testid="material-count-form">
      {count.error && <ErrorAlert error={count.error} />}
      <Form
        form={form}
        layout="vertical"
        className="mat-inline-form"
        onFinish={(v) =>
          count.mutate({ holderId, itemId: v.itemId, counted: v.counted, reason: v.reason?.trim() ?? '' }, {
            onSuccess: (m) => {
              form.resetFields();
              void message.success(t('materials.count.done', { item: itemName(m.itemId), diff: m.quantity > 0 ? `+${m.quantity}` : String(m.quantity) }));
            },
          })
        }
      >
        <Form.Item name="itemId" label={t('materials.item')} rules={[{ required: true, message: t('materials.request.itemRequired') }]} className="mat-form-item">
          <Select showSearch optionFilterProp="label" options={useItemOptions(items)} data-testid="material-count-item" />
        </Form.Item>
        <Form.Item name="counted" label={t('materials.count.counted')} rules={[{ required: true, message: t('materials.request.quantityRequired') }]} className="mat-form-qty">
          <InputNumber min={0} data-testid="material-count-quantity" />
        </Form.Item>
        <Form.Item name="reason" label={t('materials.note')} className="mat-form-note">
          <Input maxLength={500} data-testid="material-count-reason" />
        </Form.Item>
        <Button htmlType="submit" loading={count.isPending} data-testid="material-count-submit">{t('materials.count.submit')}</Button>
      </Form>
    </Card>
  );
}

/** 报损: damaged, expired or lost stock leaves the books, with a reason. */
function WriteOffForm({ holderId, items }: { holderId: number; items: TItem[] }) {
  const { t } = useTranslation();
  const writeOff = useWriteOff();
  const [form] = Form.useForm<{ itemId: number; quantity: number; reason: string }>();
  return (
    <Card size="small" title={t('materials.writeOff.title')} data-testid="material-writeoff-form">
      {writeOff.error && <ErrorAlert error={writeOff.error} />}
      <Form
        form={form}
        layout="vertical"
        className="mat-inline-form"
        onFinish={(v) => writeOff.mutate({ holderId, itemId: v.itemId, quantity: v.quantity, reason: v.reason.trim() }, { onSuccess: () => form.resetFields() })}
      >
        <Form.Item name="itemId" label={t('materials.item')} rules={[{ required: true, message: t('materials.request.itemRequired') }]} className="mat-form-item">
          <Select showSearch optionFilterProp="label" options={useItemOptions(items)} data-testid="material-writeoff-item" />
        </Form.Item>
        <Form.Item name="quantity" label={t('materials.quantity')} rules={[{ required: true, message: t('materials.request.quantityRequired') }]} className="mat-form-qty">
          <InputNumber min={0} data-testid="material-writeoff-quantity" />
        </Form.Item>
        <Form.Item name="reason" label={t('materials.writeOff.reason')} rules={[{ required: true, whitespace: true, message: t('materials.writeOff.reasonRequired') }]} className="mat-form-note">
          <Input maxLength={500} data-testid="material-writeoff-reason" />
        </Form.Item>
        <Button danger htmlType="submit" loading={writeOff.isPending} data-testid="material-writeoff-submit">{t('materials.writeOff.submit')}</Button>
      </Form>
    </Card>
  );
}

/** 库存: the balances shown, the export and the printable count sheet, and the count and write-off forms for one holder. */
export function StockTab({ holderId, items, balances, loading }: { holderId: number | undefined; items: TItem[]; balances: TBalance[]; loading: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const tableSize = useTableSize();
  const itemName = useItemName(items);
  const severalHolders = new Set(balances.map((b) => b.holderId)).size > 1;
  const columns: TableColumnsType<TBalance> = [
    ...(severalHolders ? [{ key: 'holder', title: t('materials.holder'), dataIndex: 'holderName' }] : []),
    { key: 'item', title: t('materials.item'), render: (_, b) => itemName.bare(b.itemId) },
    { key: 'unit', title: t('materials.unit'), render: (_, b) => itemName.unit(b.itemId) },
    { key: 'quantity', title: t('materials.balance'), align: 'end', render: (_, b) => <span data-testid={`balance-${b.itemCode}`}>{b.quantity}</span> },
  ];
  return (
    <div className="mat-tab">
      <div className="mat-toolbar">
        <Button icon={<DownloadOutlined />} data-testid="material-export-balances" onClick={() => download('/materials/balances.xlsx', {}, 'stock-balances.xlsx').catch((e: Error) => void message.error(e.message))}>
          {t('materials.exportBalances')}
        </Button>
        {holderId !== undefined && (
          <Button icon={<PrinterOutlined />} data-testid="material-print-stock" onClick={() => navigate(`/materials/print?holderId=${holderId}`)}>{t('materials.printSheet')}</Button>
        )}
      </div>
      <Card title={severalHolders || !balances[0] ? t('materials.balances') : `${t('materials.balances')} · ${balances[0].holderName}`} size="small">
        <Table rowKey={(b) => `${b.holderId}-${b.itemId}`} size={tableSize} columns={columns} dataSource={balances} loading={loading} pagination={false} data-testid="material-balances" scroll={{ x: 'max-content' }} />
      </Card>
      {holderId !== undefined && (
        <div className="mat-forms">
          <CountForm holderId={holderId} items={items} />
          <WriteOffForm holderId={holderId} items={items} />
        </div>
      )}
    </div>
  );
}
