import { useState } from 'react';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Input, InputNumber, Segmented, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError } from '../../app/api.ts';
import { ErrorAlert } from '../../app/ErrorAlert.tsx';
import { formatDateTime } from '../../app/format.ts';
import { PublicPage } from '../../app/PublicPage.tsx';
import { newSubmissionId } from '../rounds/useScanSession.ts';
import { useConfirmByCode, useFileByCode, useHouseholdPage, yuan, type THouseholdRequest, type TRequestKind } from './api.ts';
import { STATUS_COLOURS } from './labels.ts';

interface ItemRow {
  name: string;
  quantity: number | null;
  unit: string;
}
const emptyItem = (): ItemRow => ({ name: '', quantity: 1, unit: '' });

function HouseholdRequest({ r, code }: { r: THouseholdRequest; code: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const confirm = useConfirmByCode(code);
  return (
    <li className="public-point" data-testid={`h-request-${r.id}`} data-status={r.status}>
      <div className="public-point-head">
        <span className="public-point-name">{t(`requests.kinds.${r.kind}`)}</span>
        <Tag color={STATUS_COLOURS[r.status]} data-testid="h-status">{t(`requests.statuses.${r.status}`)}</Tag>
      </div>
      {r.items.length > 0 && <div>{r.items.map((i) => `${i.name} ${i.quantity}${i.unit}`).join(t('common.listSeparator'))}</div>}
      {r.body && <div className="muted">{r.body}</div>}
      {(r.budgetFen !== null || r.receiptFen !== null) && (
        <div className="muted">
          {r.budgetFen !== null && t('requests.budgetIs', { amount: yuan(r.budgetFen) })}
          {r.receiptFen !== null && ` · ${t('requests.receiptIs', { amount: yuan(r.receiptFen) })}`}
        </div>
      )}
      {r.answer && <Alert type="success" title={t('requests.answerIs', { answer: r.answer })} data-testid="h-answer" />}
      <div className="muted">{t('requests.filedAt', { at: formatDateTime(r.createdAt) })}</div>
      {r.status === 'delivered' && (
        <Button
          type="primary"
          block
          data-testid={`h-confirm-${r.id}`}
          loading={confirm.isPending}
          onClick={() => confirm.mutate(r.id, { onSuccess: () => void message.success(t('requests.household.confirmed')), onError: (e) => void message.error(e.message) })}
        >
          {t('requests.household.confirm')}
        </Button>
      )}
    </li>
  );
}

/** The filing form: an errand lists items and a budget; the rest say what is needed in words. */
function FileForm({ code, askDoor }: { code: string; askDoor: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const file = useFileByCode(code);
  const [clientId, setClientId] = useState(newSubmissionId);
  const [kind, setKind] = useState<TRequestKind>('errand');
  const [items, setItems] = useState<ItemRow[]>([emptyItem()]);
  const [budget, setBudget] = useState<number | null>(null);
  const [body, setBody] = useState('');
  const [phone, setPhone] = useState('');
  const [door, setDoor] = useState('');

  const setItem = (i: number, patch: Partial<ItemRow>) => setItems((xs) => xs.map((x, k) => (k === i ? { ...x, ...patch } : x)));
  const filledItems = items.filter((i) => i.name.trim() && i.quantity && i.unit.trim()).map((i) => ({ name: i.name.trim(), quantity: i.quantity!, unit: i.unit.trim() }));
  const ready = (kind === 'errand' ? filledItems.length > 0 : body.trim().length > 0) && (!askDoor || door.trim());

  const submit = () =>
    file.mutate(
      {
        clientId, kind, items: kind === 'errand' ? filledItems : [], body: body.trim(),
        budgetYuan: (kind === 'errand' || kind === 'medicine') && budget !== null ? budget : undefined,
        contactPhone: phone.trim() || undefined,
        door: askDoor ? door.trim() : undefined,
      },
      {
        onSuccess: () => {
          void message.success(t('requests.household.filed'));
          setClientId(newSubmissionId());
          setItems([emptyItem()]);
          setBudget(null);
          setBody('');
        },
      },
    );

  return (
    <Card title={t('requests.household.newRequest')} size="small" data-testid="h-form">
      <div className="request-form">
        <Segmented<TRequestKind>
          block
          value={kind}
          onChange={setKind}
          options={(['errand', 'medicine', 'question', 'problem'] as const).map((k) => ({ value: k, label: <span data-testid={`h-kind-${k}`}>{t(`requests.kinds.${k}`)}</span> }))}
        />
        {askDoor && <Input data-testid="h-door" value={door} onChange={(e) => setDoor(e.target.value)} placeholder={t('requests.household.door')} />}
        {kind === 'errand' && (
          <>
            {items.map((item, i) => (
              <div className="request-item-row" key={i}>
                <Input data-testid={`h-item-name-${i}`} value={item.name} onChange={(e) => setItem(i, { name: e.target.value })} placeholder={t('requests.item.name')} />
                <InputNumber data-testid={`h-item-qty-${i}`} min={0.1} value={item.quantity} onChange={(v) => setItem(i, { quantity: v })} placeholder={t('requests.item.quantity')} />
                <Input data-testid={`h-item-unit-${i}`} value={item.unit} onChange={(e) => setItem(i, { unit: e.target.value })} placeholder={t('requests.item.unit')} className="request-item-unit" />
                {items.length > 1 && <Button icon={<DeleteOutlined />} onClick={() => setItems((xs) => xs.filter((_, k) => k !== i))} aria-label={t('requests.item.remove')} />}
              </div>
            ))}
            <Button icon={<PlusOutlined />} data-testid="h-add-item" onClick={() => setItems((xs) => [...xs, emptyItem()])}>{t('requests.item.add')}</Button>
          </>
        )}
        {(kind === 'errand' || kind === 'medicine') && (
          <InputNumber data-testid="h-budget" style={{ width: '100%' }} min={0} precision={2} value={budget} onChange={setBudget} addonAfter={t('requests.yuan')} placeholder={t('requests.household.budget')} />
        )}
        <Input.TextArea data-testid="h-body" rows={3} value={body} onChange={(e) => setBody(e.target.value)} placeholder={t(`requests.household.bodyHint.${kind}`)} maxLength={2000} />
        <Input data-testid="h-phone" value={phone} onChange={(e) => setPhone(e.target.value)} placeholder={t('requests.household.phone')} inputMode="tel" />
        {file.isError && <ErrorAlert error={file.error} />}
        <Button type="primary" block size="large" data-testid="h-submit" disabled={!ready} loading={file.isPending} onClick={submit}>{t('requests.household.submit')}</Button>
      </div>
    </Card>
  );
}

/**
 * 住户诉求页: what a household reaches from the QR code on its door (no account). It files an errand,
 * a medicine need, a question or a problem, follows each one's status and answer, and confirms a delivery.
 */
export default function HouseholdPage() {
  const { t } = useTranslation();
  const code = useParams().code ?? '';
  const page = useHouseholdPage(code);
  const invalid = page.error instanceof ApiError && page.error.status === 404;

  return (
    <PublicPage title={t('requests.household.title')} testId="h-page">
      {invalid && <Card><Empty description={t('requests.household.invalid')} data-testid="h-invalid" /></Card>}
      {page.isError && !invalid && <ErrorAlert error={page.error} onRetry={() => void page.refetch()} />}
      {page.isPending && <Card><Skeleton active /></Card>}
      {page.data && (
        <>
          <div data-testid="h-place">
            <strong>{page.data.place}</strong>
            {page.data.door && <Tag className="h-door-tag">{page.data.door}</Tag>}
          </div>
          <Typography.Paragraph type="secondary" className="no-margin">{t('requests.household.intro')}</Typography.Paragraph>
          <FileForm code={code} askDoor={page.data.kind === 'building'} />
          {page.data.kind === 'household' && (
            <section>
              <h2 className="public-town-name">{t('requests.household.mine')}</h2>
              {page.data.requests.length === 0 ? (
                <Empty description={t('requests.household.none')} />
              ) : (
                <ul className="public-points">{page.data.requests.map((r) => <HouseholdRequest key={r.id} r={r} code={code} />)}</ul>
              )}
            </section>
          )}
        </>
      )}
    </PublicPage>
  );
}
