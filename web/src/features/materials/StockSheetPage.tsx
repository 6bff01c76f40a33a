import { PrinterOutlined } from '@ant-design/icons';
import { Button, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatDateTime } from '../../app/format.ts';
import { useBalances, useHolders, useItems } from './api.ts';
import { useItemName } from './items.ts';

/**
 * 物资盘点表: one holder's stock on paper — every catalogue item with its unit and book balance, an
 * empty column to write the count in, and signature lines. `/materials/print?holderId=`.
 */
export default function StockSheetPage() {
  const { t } = useTranslation();
  const holderId = Number(useSearchParams()[0].get('holderId'));
  const valid = Number.isInteger(holderId) && holderId > 0;
  const balances = useBalances(valid ? holderId : undefined);
  const holders = useHolders();
  const items = useItems();
  const itemName = useItemName(items.data?.items);
  if (!valid) return <ErrorAlert error={new Error(t('materials.pickHolder'))} />;
  if (balances.isLoading || holders.isLoading || items.isLoading) return <Spin />;
  const error = balances.error ?? holders.error ?? items.error;
  if (error) return <ErrorAlert error={error} />;
  const holder = holders.data!.items.find((h) => h.id === holderId);
  const held = new Map(balances.data!.items.filter((b) => b.holderId === holderId).map((b) => [b.itemId, b.quantity]));
  return (
    <div className="print-sheet" data-testid="stock-sheet">
      <div className="no-print print-sheet-bar">
        <Link to="/materials">{t('materials.backToMaterials')}</Link>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print-button">{t('materials.print')}</Button>
      </div>
      <h2 className="print-sheet-title">{t('materials.stockSheet.title')}</h2>
      <div className="print-sheet-meta">
        <span>{t('materials.holder')}：<b data-testid="stock-sheet-holder">{holder?.name ?? ''}</b></span>
        <span>{t('materials.stockSheet.printedAt')}：{formatDateTime(new Date().toISOString())}</span>
      </div>
      <div className="print-table-wrap">
        <table className="print-table">
          <thead>
            <tr>
              <th>{t('materials.stockSheet.no')}</th>
              <th>{t('materials.item')}</th>
              <th>{t('materials.unit')}</th>
              <th>{t('materials.stockSheet.book')}</th>
              <th className="print-blank">{t('materials.stockSheet.counted')}</th>
              <th className="print-blank">{t('materials.stockSheet.remark')}</th>
            </tr>
          </thead>
          <tbody>
            {items.data!.items.map((i, n) => (
              <tr key={i.id} data-testid={`stock-sheet-row-${i.code}`}>
                <td>{n + 1}</td>
                <td>{itemName.bare(i.id)}</td>
                <td>{i.unit}</td>
                <td className="print-num" data-testid="stock-sheet-book">{held.get(i.id) ?? 0}</td>
                <td />
                <td />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="print-signatures">
        <span>{t('materials.stockSheet.counter')}：</span>
        <span>{t('materials.stockSheet.checker')}：</span>
        <span>{t('materials.stockSheet.date')}：</span>
      </div>
    </div>
  );
}
