import { useState } from 'react';
import { PrinterOutlined } from '@ant-design/icons';
import { Button, Card, Input, InputNumber, Select, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../app/format.ts';
import { isOverdue, useRequestStep, type TItem, type TMaterialHolder, type TMaterialRequest, type TMaterialRequestLine } from './api.ts';
import { useItemName, useItemOptions } from './items.ts';

const LINE_COLOR: Record<TMaterialRequestLine['status'], string | undefined> = {
  requested: undefined,
  approved: 'blue',
  rejected: 'default',
  dispatched: 'processing',
  received: 'success',
  partial: 'warning',
  refused: 'error',
};

/** What the user does to a request now: approve or dispatch (the command), confirm receipt (the receiver), or nothing. */
type Step = 'approve' | 'dispatch' | 'receipt' | null;

/** One line's figures: asked → approved → sent (the substitute named) → received. */
function LineFigures({ line, itemName }: { line: TMaterialRequestLine; itemName: ReturnType<typeof useItemName> }) {
  const { t } = useTranslation();
  const substituted = line.dispatchedItemId !== null && line.dispatchedItemId !== line.itemId;
  return (
    <div className="mat-line-figures">
      <span>{t('materials.asked')} {line.requested}</span>
      {line.approved !== null && <span>{t('materials.approvedQty')} <b data-testid="material-line-approved">{line.approved}</b></span>}
      {line.dispatched !== null && (
        <span data-testid="material-line-dispatched">
          {t('materials.sent')} {line.dispatched}
          {substituted && <> {itemName(line.dispatchedItemId)} <Tag color="orange">{t('materials.substitute')}</Tag></>}
        </span>
      )}
      {line.received !== null && <span>{t('materials.receivedQty')} <b data-testid="material-line-received">{line.received}</b></span>}
      {line.note && <span className="mat-line-note">{line.note}</span>}
    </div>
  );
}

/**
 * A materials request as a card (a list on a phone, never a wide table): its lines with their
 * statuses, and the step the user may take now with a quantity (and note) per line.
 */
export function RequestCard({ request: r, items, warehouses, mayCommand }: { request: TMaterialRequest; items: TItem[]; warehouses: TMaterialHolder[]; mayCommand: boolean }) {
  const { t } = useTranslation();
  const itemName = useItemName(items);
  const itemOptions = useItemOptions(items);
  const step = useRequestStep();
  // Keyed by step and line: what was typed to approve a line is not the preset for sending it.
  const [qty, setQty] = useState<Record<string, number | null>>({});
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [subs, setSubs] = useState<Record<string, number | undefined>>({});
  const [from, setFrom] = useState<number | undefined>();
  const [problem, setProblem] = useState<string | null>(null);
  const fromHolder = warehouses.find((w) => w.id === from) ?? warehouses[0];

  const now: Step = mayCommand && r.status === 'requested' ? 'approve'
    : mayCommand && r.status === 'approved' && warehouses.length > 0 ? 'dispatch'
    : r.status === 'dispatched' && (!mayCommand || !warehouses.some((w) => w.id === r.holderId)) ? 'receipt'
    : null;
  const acting = (l: TMaterialRequestLine) =>
    (now === 'approve' && l.status === 'requested') || (now === 'dispatch' && l.status === 'approved') || (now === 'receipt' && l.status === 'dispatched');
  const preset = (l: TMaterialRequestLine) => (now === 'approve' ? l.requested : now === 'dispatch' ? l.approved : l.dispatched) ?? 0;
  const key = (lineId: number) => `${now}:${lineId}`;
  const quantityOf = (l: TMaterialRequestLine) => qty[key(l.id)] ?? preset(l);
  const lines = r.lines.filter(acting);

  function submit() {
    setProblem(null);
    const body = lines.map((l) => ({ lineId: l.id, quantity: quantityOf(l), note: (notes[key(l.id)] ?? '').trim() }));
    if (now === 'approve') {
      const unexplained = body.find((b) => b.quantity === 0 && !b.note);
      if (unexplained) {
        setProblem(t('materials.rejectNoteRequired', { item: itemName.bare(r.lines.find((l) => l.id === unexplained.lineId)!.itemId) }));
        return;
      }
      step.mutate({ id: r.id, step: 'approve', body: { lines: body } });
    } else if (now === 'dispatch' && fromHolder) {
      step.mutate({ id: r.id, step: 'dispatch', body: { fromHolderId: fromHolder.id, lines: body.map((b) => ({ ...b, ...(subs[key(b.lineId)] ? { itemId: subs[key(b.lineId)] } : {}) })) } });
    } else if (now === 'receipt') {
      step.mutate({ id: r.id, step: 'receipt', body: { lines: body } });
    }
  }

  const overdue = isOverdue(r);
  return (
    <Card size="small" className="mat-request" data-testid="material-request-card" data-request-id={r.id}>
      <div className="mat-request-head">
        <span className="mat-request-title">{t('materials.requestNo', { id: r.id })} · {r.holderName}</span>
        <span className="mat-request-tags">
          <Tag data-testid="material-request-status" color={r.status === 'received' ? 'success' : r.status === 'rejected' ? 'default' : 'processing'}>{t(`materials.requestStatus.${r.status}`)}</Tag>
          {overdue && <Tag color="error" data-testid="material-overdue">{t('materials.overdue')}</Tag>}
        </span>
      </div>
      <div className="mat-request-meta">
        <span>{t('materials.requestedAt')} {formatDateTime(r.requestedAt)}</span>
        <span className={overdue ? 'mat-overdue-text' : undefined}>{t('materials.due')} {formatDateTime(r.dueAt)}</span>
        {r.note && <span>{r.note}</span>}
      </div>
      <ul className="mat-lines">
        {r.lines.map((l) => (
          <li key={l.id} className="mat-line" data-testid="material-line">
            <div className="mat-line-head">
              <b>{itemName(l.itemId)}</b>
              <Tag color={LINE_COLOR[l.status]} data-testid="material-line-status">{t(`materials.lineStatus.${l.status}`)}</Tag>
            </div>
            <LineFigures line={l} itemName={itemName} />
            {acting(l) && (
              <div className="mat-line-edit">
                <label className="mat-field">
                  <span>{t(`materials.stepQty.${now!}`)}</span>
                  <InputNumber
                    min={0}
                    max={now === 'receipt' ? preset(l) : undefined}
                    value={quantityOf(l)}
                    onChange={(v) => setQty((q) => ({ ...q, [key(l.id)]: v }))}
                    data-testid={`line-${now}-qty`}
                  />
                </label>
                {now === 'dispatch' && (
                  <label className="mat-field mat-field-wide">
                    <span>{t('materials.substituteItem')}</span>
                    <Select
                      allowClear
                      showSearch
                      optionFilterProp="label"
                      placeholder={itemName(l.itemId)}
                      value={subs[key(l.id)]}
                      onChange={(v: number | undefined) => setSubs((s) => ({ ...s, [key(l.id)]: v }))}
                      options={itemOptions.filter((o) => o.value !== l.itemId)}
                      data-testid="line-dispatch-item"
                    />
                  </label>
                )}
                <label className="mat-field mat-field-wide">
                  <span>{t('materials.note')}</span>
                  <Input value={notes[key(l.id)] ?? ''} maxLength={500} onChange={(e) => setNotes((n) => ({ ...n, [key(l.id)]: e.target.value }))} data-testid={`line-${now}-note`} />
                </label>
              </div>
            )}
          </li>
        ))}
      </ul>
      {now === 'receipt' && <Typography.Text type="secondary" className="mat-hint">{t('materials.receiptHint')}</Typography.Text>}
      {now === 'approve' && <Typography.Text type="secondary" className="mat-hint">{t('materials.approveHint')}</Typography.Text>}
      {problem && <Typography.Text type="danger" className="mat-hint" data-testid="material-step-problem">{problem}</Typography.Text>}
      {step.error && <Typography.Text type="danger" className="mat-hint" data-testid="material-step-error">{step.error.message}</Typography.Text>}
      <div className="mat-request-actions">
        {now === 'dispatch' && (
          <Select
            className="mat-from"
            value={fromHolder?.id}
            onChange={setFrom}
            options={warehouses.map((w) => ({ value: w.id, label: w.name }))}
            data-testid="material-dispatch-from"
          />
        )}
        {now === 'approve' && <Button type="primary" data-testid="material-approve" loading={step.isPending} onClick={submit}>{t('materials.approve')}</Button>}
        {now === 'dispatch' && fromHolder && (
          <Button type="primary" data-testid="material-dispatch" loading={step.isPending} onClick={submit}>{t('materials.dispatch', { from: fromHolder.name })}</Button>
        )}
        {now === 'receipt' && <Button type="primary" data-testid="material-receipt" loading={step.isPending} onClick={submit}>{t('materials.confirmReceipt')}</Button>}
        <Link to={`/materials/requests/${r.id}/print`} data-testid="material-print-note"><PrinterOutlined /> {t('materials.printNote')}</Link>
      </div>
    </Card>
  );
}
