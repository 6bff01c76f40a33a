import { PrinterOutlined } from '@ant-design/icons';
import { Button, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatDateTime } from '../../app/format.ts';
import { useHolders, useItems, useMaterialRequest } from './api.ts';
import { useItemName } from './items.ts';

/**
 * 物资出库单（签收单）: a request on paper, travelling with the goods — each line asked, approved,
 * sent (a substitute named) and received (blank until the receiver writes it), and the sender's and
 * receiver's signatures. `/materials/requests/:id/print`.
 */
export default function DeliveryNotePage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const request = useMaterialRequest(id);
  const holders = useHolders();
  const items = useItems();
  const itemName = useItemName(items.data?.items);
  if (request.isLoading || holders.isLoading || items.isLoading) return <Spin />;
  const error = request.error ?? holders.error ?? items.error;
  if (error) return <ErrorAlert error={error} />;
  const r = request.data!;
  const from = holders.data!.items.find((h) => h.id === r.fromHolderId)?.name ?? '';
  const when = (at: string | null) => (at ? formatDateTime(at) : '');
  return (
    <div className="print-sheet" data-testid="delivery-note">
      <div className="no-print print-sheet-bar">
        <Link to="/materials?tab=requests">{t('materials.backToMaterials')}</Link>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print-button">{t('materials.print')}</Button>
      </div>
      <h2 className="print-sheet-title">{t('materials.deliveryNote.title')}</h2>
      <div className="print-sheet-meta">
        <span>{t('materials.deliveryNote.no')}：<b data-testid="delivery-note-no">{r.id}</b></span>
        <span>{t('materials.deliveryNote.to')}：<b data-testid="delivery-note-holder">{r.holderName}</b></span>
        <span>{t('materials.deliveryNote.from')}：{from}</span>
        <span>{t('materials.requestedAt')}：{when(r.requestedAt)}</span>
        <span>{t('materials.due')}：{when(r.dueAt)}</span>
        <span>{t('materials.deliveryNote.dispatchedAt')}：{when(r.dispatchedAt)}</span>
        <span>{t('materials.deliveryNote.receivedAt')}：{when(r.receivedAt)}</span>
        <span>{t('materials.status')}：{t(`materials.requestStatus.${r.status}`)}</span>
      </div>
      <div className="print-table-wrap">
        <table className="print-table">
          <thead>
            <tr>
              <th>{t('materials.stockSheet.no')}</th>
              <th>{t('materials.item')}</th>
              <th>{t('materials.deliveryNote.requested')}</th>
              <th>{t('materials.deliveryNote.approved')}</th>
              <th>{t('materials.deliveryNote.dispatchedItem')}</th>
              <th>{t('materials.deliveryNote.dispatched')}</th>
              <th className="print-blank">{t('materials.deliveryNote.received')}</th>
              <th>{t('materials.note')}</th>
            </tr>
          </thead>
          <tbody>
            {r.lines.map((l, n) => {
              const substitute = l.dispatchedItemId !== null && l.dispatchedItemId !== l.itemId;
              return (
                <tr key={l.id} data-testid="delivery-note-line">
                  <td>{n + 1}</td>
                  <td>{itemName(l.itemId)}</td>
                  <td className="print-num">{l.requested}</td>
                  <td className="print-num">{l.approved ?? ''}</td>
                  <td data-testid="delivery-note-sent-item">
                    {l.dispatchedItemId === null ? '' : itemName(l.dispatchedItemId)}
                    {substitute && <b>（{t('materials.substitute')}）</b>}
                  </td>
                  <td className="print-num">{l.dispatched ?? ''}</td>
                  <td className="print-num">{l.received ?? ''}</td>
                  <td>{[t(`materials.lineStatus.${l.status}`), l.note].filter(Boolean).join('；')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {r.note && <p>{t('materials.note')}：{r.note}</p>}
      <div className="print-signatures">
        <span>{t('materials.deliveryNote.sender')}：</span>
        <span>{t('materials.deliveryNote.receiver')}：</span>
        <span>{t('materials.stockSheet.date')}：</span>
      </div>
    </div>
  );
}
