import { useState } from 'react';
import { PhoneOutlined } from '@ant-design/icons';
import { App, Button, Input, InputNumber, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../app/format.ts';
import { useAnswer, useBuy, useClaim, useDeliver, yuan, type TRequest } from './api.ts';
import { STATUS_COLOURS } from './labels.ts';

/** The tags that say how urgent a request is: its status, overdue, escalated. */
export function RequestTags({ r }: { r: TRequest }) {
  const { t } = useTranslation();
  return (
    <>
      <Tag color={STATUS_COLOURS[r.status]} data-testid="request-status">{t(`requests.statuses.${r.status}`)}</Tag>
      {r.overdue && <Tag color="red" data-testid="request-overdue">{t('requests.overdue')}</Tag>}
      {r.escalation > 0 && <Tag color="volcano">{t(r.escalation === 1 ? 'requests.escalation.captain' : 'requests.escalation.command')}</Tag>}
    </>
  );
}

/** What is asked: the items with quantities, the budget, the words. */
export function RequestWhat({ r }: { r: TRequest }) {
  const { t } = useTranslation();
  return (
    <>
      {r.items.length > 0 && <div data-testid="request-items">{r.items.map((i) => `${i.name} ${i.quantity}${i.unit}`).join(t('common.listSeparator'))}</div>}
      {r.body && <div className="muted">{r.body}</div>}
      {(r.budgetFen !== null || r.receiptFen !== null) && (
        <div className="muted">
          {r.budgetFen !== null && t('requests.budgetIs', { amount: yuan(r.budgetFen) })}
          {r.receiptFen !== null && ` · ${t('requests.receiptIs', { amount: yuan(r.receiptFen) })}`}
          {r.overBudgetApproved && ` · ${t('requests.overBudgetApproved')}`}
        </div>
      )}
      {r.answer && <div>{t('requests.answerIs', { answer: r.answer })}</div>}
    </>
  );
}

/** A photo chosen from the phone's camera or gallery. */
function PhotoInput({ testId, onChange }: { testId: string; onChange: (f: File | undefined) => void }) {
  return <input type="file" accept="image/jpeg,image/png,image/webp" capture="environment" data-testid={testId} onChange={(e) => onChange(e.target.files?.[0])} />;
}

/**
 * A request on the volunteer's phone: where (building and door), what, the contact phone; and the
 * next step he may take — claim, record the purchase (receipt and photo), deliver (photo or note), answer.
 */
export function VolunteerRequestCard({ r }: { r: TRequest }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const claim = useClaim();
  const buy = useBuy();
  const deliver = useDeliver();
  const answer = useAnswer();
  const [receipt, setReceipt] = useState<number | null>(null);
  const [receiptPhoto, setReceiptPhoto] = useState<File>();
  const [note, setNote] = useState('');
  const [proofPhoto, setProofPhoto] = useState<File>();
  const [reply, setReply] = useState('');
  const fail = (e: Error) => void message.error(e.message);

  return (
    <li className="request-card" data-testid={`v-request-${r.id}`} data-status={r.status}>
      <div className="request-card-head">
        <strong>{t(`requests.kinds.${r.kind}`)} · {r.door}</strong>
        <span><RequestTags r={r} /></span>
      </div>
      <RequestWhat r={r} />
      <div className="muted">
        {t('requests.dueAt', { at: formatDateTime(r.dueAt) })}
        {r.contactPhone && <> · <a href={`tel:${r.contactPhone}`} data-testid="request-phone"><PhoneOutlined /> {r.contactPhone}</a></>}
      </div>
      {r.may.claim && (
        <Button type="primary" block data-testid={`v-claim-${r.id}`} loading={claim.isPending}
          onClick={() => claim.mutate([r.id], { onSuccess: () => void message.success(t('requests.claimed')), onError: fail })}>
          {t('requests.claim')}
        </Button>
      )}
      {r.may.buy && (
        <div className="request-step">
          <InputNumber data-testid={`v-receipt-${r.id}`} min={0} precision={2} value={receipt} onChange={setReceipt} addonAfter={t('requests.yuan')} placeholder={t('requests.receiptAmount')} style={{ width: '100%' }} />
          <label className="muted">{t('requests.receiptPhoto')} <PhotoInput testId={`v-receipt-photo-${r.id}`} onChange={setReceiptPhoto} /></label>
          <Button type="primary" block data-testid={`v-buy-${r.id}`} disabled={receipt === null || !receiptPhoto} loading={buy.isPending}
            onClick={() => buy.mutate({ id: r.id, receiptYuan: receipt!, photo: receiptPhoto }, { onSuccess: () => void message.success(t('requests.bought')), onError: fail })}>
            {t('requests.recordPurchase')}
          </Button>
        </div>
      )}
      {r.may.deliver && (
        <div className="request-step">
          <Input data-testid={`v-note-${r.id}`} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t(r.kind === 'problem' ? 'requests.resolutionNote' : 'requests.deliveryNote')} />
          <label className="muted">{t('requests.deliveryPhoto')} <PhotoInput testId={`v-proof-photo-${r.id}`} onChange={setProofPhoto} /></label>
          <Button type="primary" block data-testid={`v-deliver-${r.id}`} disabled={!note.trim() && !proofPhoto} loading={deliver.isPending}
            onClick={() => deliver.mutate({ id: r.id, note: note.trim() || undefined, photo: proofPhoto }, { onSuccess: () => void message.success(t('requests.delivered')), onError: fail })}>
            {t(r.kind === 'problem' ? 'requests.markResolved' : 'requests.markDelivered')}
          </Button>
        </div>
      )}
      {r.may.answer && (
        <div className="request-step">
          <Input.TextArea data-testid={`v-answer-${r.id}`} rows={2} value={reply} onChange={(e) => setReply(e.target.value)} placeholder={t('requests.answerHint')} />
          <Button type="primary" block disabled={!reply.trim()} loading={answer.isPending}
            onClick={() => answer.mutate({ id: r.id, answer: reply.trim() }, { onSuccess: () => void message.success(t('requests.answered')), onError: fail })}>
            {t('requests.answer')}
          </Button>
        </div>
      )}
    </li>
  );
}
